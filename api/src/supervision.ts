// Every background loop (the simulator, stream consumers, campaign detection, retention, the
// stats publisher) reports here. A loop that fails backs off and tries again; it never stops
// for a transient fault, and /ready and /metrics say when one is failing.
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

  get up(): boolean {
    return this.state === 'running' || this.state === 'starting';
  }

  status(): ComponentStatus {
    return {
      name: this.name,
      required: this.required,
      state: this.state,
      lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt).toISOString(),
      lastError: this.lastError,
      consecutiveFailures: this.consecutiveFailures,
      restarts: this.restarts,
    };
  }

  get lastSuccessMs(): number | null {
    return this.lastSuccessAt;
  }

  get restartCount(): number {
    return this.restarts;
  }
}

export class Supervisor {
  private readonly components = new Map<string, Component>();
  private readonly failures: Counter<'component'>;

  constructor(registry: Registry) {
    this.failures = new Counter({
      name: 'satark_component_failures_total',
      help: 'Failures of a background component (each is retried with back-off)',
      labelNames: ['component'],
      registers: [registry],
    });
    const components = () => [...this.components.values()];
    new Gauge({
      name: 'satark_component_up',
      help: '1 while a component works (running or starting), 0 while it fails or is stopped',
      labelNames: ['component', 'required'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of components())
          this.set({ component: c.name, required: String(c.required) }, c.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'satark_component_restarts',
      help: 'Times a component resumed work after failing, since the process started',
      labelNames: ['component'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of components()) this.set({ component: c.name }, c.restartCount);
      },
    });
    new Gauge({
      name: 'satark_component_last_success_seconds',
      help: 'Unix time of the last success of a component (absent before the first)',
      labelNames: ['component'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of components()) {
          if (c.lastSuccessMs !== null) this.set({ component: c.name }, c.lastSuccessMs / 1000);
        }
      },
    });
  }

  /** The component of this name, made on first use. */
  component(name: string, options: { required?: boolean } = {}): Component {
    let component = this.components.get(name);
    if (!component) {
      component = new Component(name, options.required ?? false, (c) =>
        this.failures.inc({ component: c.name }),
      );
      this.components.set(name, component);
    }
    return component;
  }

  statuses(): ComponentStatus[] {
    return [...this.components.values()].map((component) => component.status());
  }

  /** Ready while every required component works. */
  ready(): boolean {
    return [...this.components.values()].every((component) => !component.required || component.up);
  }
}

/** Sleeps, or wakes early when `stopped()` turns true (checked every 100 ms). */
export async function pause(ms: number, stopped: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!stopped() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())).unref());
  }
}
