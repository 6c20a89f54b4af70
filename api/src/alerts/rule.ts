// The shape of an alert rule: a pure decision from a trigger to the alerts it raises.
import type { AlertSeverity } from '../generated/prisma/client';
import type { AlertTriggers, TriggerName } from './triggers';

/** An alert a rule decided to raise; its kind is the rule's (see ./rules/index.ts). */
export interface AlertDraft {
  severity: AlertSeverity;
  title: string;
  message: string;
  number?: string | null;
  campaignId?: string | null;
  /** Alerts with the same key within the sink's de-duplication window are one alert. */
  dedupeKey: string;
}

export interface AlertDecision<Memory> {
  raise: AlertDraft[];
  /** What the rule remembers for the next trigger. */
  memory: Memory;
}

export interface AlertRule<On extends TriggerName = TriggerName, Memory = unknown> {
  /** The trigger this rule listens to. */
  readonly on: On;
  /** What the rule remembers before its first trigger (a running mean, say); null for most. */
  readonly memory: Memory;
  /**
   * A key this rule raised (or found open) is not asked about again for this long: for rules
   * whose trigger repeats with every batch (a blocked caller calling), so it costs no query.
   */
  readonly recheckAfterMs?: number;
  /**
   * False: raised whatever the sink's per-minute cap. For kinds something else already bounds
   * and that would be lost for good if dropped (NEW_CAMPAIGN: one per campaign, once).
   */
  readonly capped?: boolean;
  /** Pure: the alerts this trigger raises and what to remember. `now` is epoch ms. */
  decide(trigger: AlertTriggers[On], memory: Memory, now: number): AlertDecision<Memory>;
}

/** A rule that remembers nothing between triggers. */
export function rule<On extends TriggerName>(
  on: On,
  decide: (trigger: AlertTriggers[On], now: number) => AlertDraft[],
  options: { recheckAfterMs?: number; capped?: boolean } = {},
): AlertRule<On, null> {
  return {
    on,
    memory: null,
    ...options,
    decide: (trigger, _memory, now) => ({ raise: decide(trigger, now), memory: null }),
  };
}
