// Every background loop (the simulator, stream consumers, campaign detection, retention, the
// stats publisher) reports here. A loop that fails backs off and tries again; it never stops
// for a transient fault, and /ready and /metrics say when one is failing. The dependencies
// (the database, Redis) are probed each time /ready is asked.
import { Counter, Gauge, type Registry } from 'prom-client';

export type ComponentState = 'starting' | 'running' | 'degraded' | 'stopped';

export interface ComponentStatus {
  name: string;
  /** When a required component is down, the instance is not ready (503). */
  required: boolean;
  state: ComponentState;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Times the component resumed work after failing. */
  restarts: number;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/** Exponential back-off with jitter: 250 ms, 500 ms, 1 s, … up to 30 s. */
export function backoffMs(consecutiveFailures: number, maxMs = BACKOFF_MAX_MS): number {
  const exponential = Math.min(maxMs, BACKOFF_BASE_MS * 2 ** Math.max(0, consecutiveFailures - 1));
  return Math.round(exponential * (0.5 + Math.random() / 2));
}

/** What a component that keeps its own health (the Redis consumers) reports. */
export interface HealthReport {
  state: ComponentState;
  lastSuccessAt: number | null;
  lastError: string | null;
  restarts: number;
}

interface Watched {
  name: string;
  required: boolean;
  report(): HealthReport & { consecutiveFailures?: number };
}

/** What /ready answers: 503 unless `ready`, and every component's status either way. */
export interface Readiness {
  ready: boolean;
  components: ComponentStatus[];
}

const PROBE_TIMEOUT_MS = 3000;

const isUp = (state: ComponentState) => state === 'running' || state === 'starting';

export class Component {
  private state: ComponentState = 'starting';
  private lastSuccessAt: number | null = null;
  private lastError: string | null = null;
  private consecutiveFailures = 0;
  private restarts = 0;

  constructor(
    readonly name: string,
    readonly required: boolean,
    private readonly onFailure: (component: Component) => void = () => {},
  ) {}

  succeeded(): void {
    if (this.consecutiveFailures > 0) this.restarts += 1;
    this.consecutiveFailures = 0;
    this.state = 'running';
    this.lastSuccessAt = Date.now();
  }

  /** Records a failure; returns how long to wait before trying again. */
  failed(error: unknown): number {
    this.consecutiveFailures += 1;
    this.state = 'degraded';
    this.lastError = error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
    this.onFailure(this);
    return backoffMs(this.consecutiveFailures);
  }

  stopped(): void {
    this.state = 'stopped';
  }

  report(): HealthReport & { consecutiveFailures: number } {
    return {
      state: this.state,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      restarts: this.restarts,
      consecutiveFailures: this.consecutiveFailures,
    };
  }
}

export class Supervisor {
  private readonly watched = new Map<string, Watched>();
  private readonly probes: { component: Component; ask: () => Promise<unknown> }[] = [];
  private readonly failures: Counter<'component'>;

  constructor(registry: Registry) {
    this.failures = new Counter({
      name: 'satark_component_failures_total',
      help: 'Failures of a background component (each is retried with back-off)',
      labelNames: ['component'],
      registers: [registry],
    });
    const reports = () =>
      [...this.watched.values()].map((w) => ({ name: w.name, required: w.required, ...w.report() }));
    new Gauge({
      name: 'satark_component_up',
      help: '1 while a component works (running or starting), 0 while it fails or is stopped',
      labelNames: ['component', 'required'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of reports()) {
          this.set({ component: c.name, required: String(c.required) }, isUp(c.state) ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'satark_component_restarts',
      help: 'Times a component resumed work after failing, since the process started',
      labelNames: ['component'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of reports()) this.set({ component: c.name }, c.restarts);
      },
    });
    new Gauge({
      name: 'satark_component_last_success_seconds',
      help: 'Unix time of the last success of a component (absent before the first)',
      labelNames: ['component'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of reports()) {
          if (c.lastSuccessAt !== null) this.set({ component: c.name }, c.lastSuccessAt / 1000);
        }
      },
    });
  }

  /** A component that reports here as it succeeds and fails; made on first use. */
  component(name: string, options: { required?: boolean } = {}): Component {
    const existing = this.watched.get(name);
    if (existing instanceof WatchedComponent) return existing.component;
    const component = new Component(name, options.required ?? false, (c) =>
      this.failures.inc({ component: c.name }),
    );
    this.watched.set(name, new WatchedComponent(component));
    return component;
  }

  /** A component that keeps its own health: asked whenever /ready or /metrics is read. */
  observe(name: string, report: () => HealthReport, options: { required?: boolean } = {}): void {
    this.watched.set(name, { name, required: options.required ?? false, report });
  }

  /** A dependency asked for a sign of life (within 3 s) each time readiness is asked. */
  probe(name: string, ask: () => Promise<unknown>, options: { required?: boolean } = {}): void {
    this.probes.push({ component: this.component(name, options), ask });
  }

  /** Asks the probed dependencies, then says whether every required component works. */
  async readiness(): Promise<Readiness> {
    await Promise.all(this.probes.map(({ component, ask }) => probe(component, ask)));
    return { ready: this.ready(), components: this.statuses() };
  }

  statuses(): ComponentStatus[] {
    return [...this.watched.values()].map((w) => {
      const report = w.report();
      return {
        name: w.name,
        required: w.required,
        state: report.state,
        lastSuccessAt: report.lastSuccessAt === null ? null : new Date(report.lastSuccessAt).toISOString(),
        lastError: report.lastError,
        consecutiveFailures: report.consecutiveFailures ?? (isUp(report.state) ? 0 : 1),
        restarts: report.restarts,
      };
    });
  }

  /** Ready while every required component works. */
  ready(): boolean {
    return [...this.watched.values()].every((w) => !w.required || isUp(w.report().state));
  }
}

class WatchedComponent implements Watched {
  constructor(readonly component: Component) {}

  get name() {
    return this.component.name;
  }

  get required() {
    return this.component.required;
  }

  report() {
    return this.component.report();
  }
}

/** Asks a dependency for a sign of life, and records the answer (or its absence) on its component. */
async function probe(component: Component, ask: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([ask(), timeout]);
    component.succeeded();
  } catch (error) {
    component.failed(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Sleeps, or wakes early when `stopped()` turns true (checked every 100 ms). */
export async function pause(ms: number, stopped: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!stopped() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())).unref());
  }
}
