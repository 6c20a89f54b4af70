// Alerts: the grid hands facts (triggers) to one entry point; the rules (./rules, one file per
// kind) decide what to raise; the sink (./sink.ts) stores and publishes it. Nothing outside
// this folder decides an alert. Adding a kind: see ./rules/index.ts.
import type { Db } from '../db';
import type { Alert } from '../generated/prisma/client';
import type { AlertEvent } from '../services/alerts';
import { RecentKeys } from './limits';
import { type AlertRules, alertRules } from './rules';
import { AlertSink, type AlertSinkOptions, defaultSinkOptions, type NewAlert } from './sink';
import type { AlertTriggers, TriggerName } from './triggers';

export type { AlertDraft, AlertRule } from './rule';
export type { NewAlert } from './sink';
export type * from './triggers';

interface RuleState {
  kind: keyof AlertRules;
  rule: AlertRules[keyof AlertRules];
  memory: unknown;
  recent: RecentKeys | null;
}

export class Alerts {
  readonly sink: AlertSink;
  private readonly byTrigger = new Map<TriggerName, RuleState[]>();

  constructor(
    db: Db,
    publish: (alert: AlertEvent) => void,
    options: AlertSinkOptions & { rules?: AlertRules } = defaultSinkOptions,
  ) {
    this.sink = new AlertSink(db, publish, options);
    for (const [kind, rule] of Object.entries(options.rules ?? alertRules) as [
      keyof AlertRules,
      AlertRules[keyof AlertRules],
    ][]) {
      const states = this.byTrigger.get(rule.on) ?? [];
      states.push({
        kind,
        rule,
        memory: rule.memory,
        recent: rule.recheckAfterMs ? new RecentKeys(rule.recheckAfterMs) : null,
      });
      this.byTrigger.set(rule.on, states);
    }
  }

  /** Hands a trigger to the rules that listen to it; returns the alerts raised now. */
  async consider<On extends TriggerName>(on: On, trigger: AlertTriggers[On]): Promise<Alert[]> {
    const raised: Alert[] = [];
    const now = Date.now();
    for (const state of this.byTrigger.get(on) ?? []) {
      const decision = state.rule.decide(trigger, state.memory, now);
      state.memory = decision.memory;
      for (const draft of decision.raise) {
        if (state.recent?.seen(draft.dedupeKey, now)) continue;
        const alert = await this.sink.raise({ ...draft, kind: state.kind }, state.rule.capped !== false);
        if (alert) raised.push(alert);
      }
    }
    return raised;
  }

  /**
   * What a rule remembers now (BURST: the running mean of flagged calls per round), for handing
   * it to the next campaign-detection leader of a grid.
   */
  memoryOf(kind: keyof AlertRules): unknown {
    return this.stateOf(kind)?.memory;
  }

  /** Replaces what a rule remembers (a baseline handed over by the previous leader). */
  remember(kind: keyof AlertRules, memory: unknown): void {
    const state = this.stateOf(kind);
    if (state) state.memory = memory;
  }

  private stateOf(kind: keyof AlertRules): RuleState | undefined {
    for (const states of this.byTrigger.values()) {
      const state = states.find((s) => s.kind === kind);
      if (state) return state;
    }
    return undefined;
  }

  /** Raises an alert no rule decided: for fixtures in tests. The sink's rules still apply. */
  raise(alert: NewAlert): Promise<Alert | null> {
    return this.sink.raise(alert);
  }

  onRaised(listener: (alert: Alert) => Promise<void>): void {
    this.sink.onRaised(listener);
  }

  /** Alerts dropped by the sink's per-minute cap. */
  get dropped(): number {
    return this.sink.dropped;
  }
}
