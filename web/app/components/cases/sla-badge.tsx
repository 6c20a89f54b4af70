import { slaDetail, slaLabels, slaState } from '~/lib/case-sla';
import type { CaseSummary } from '~/lib/graphql/cases';

const tones = { ON_TIME: 'safe', DUE_SOON: 'suspicious', BREACHED: 'dangerous', CLOSED: 'closed' } as const;

/** On time / due soon / breached, always in words, with how long is left or overdue. */
export function SlaBadge({
  kase,
  now,
}: {
  kase: Pick<CaseSummary, 'status' | 'createdAt' | 'dueAt'>;
  now?: Date;
}) {
  const state = slaState(kase, now);
  return (
    <span className={`badge badge--${tones[state]}`} data-testid="sla-badge" data-sla={state}>
      {slaLabels[state]}
      {state === 'CLOSED' ? null : <span className="visually-hidden">, </span>}
      {state === 'CLOSED' ? null : ` · ${slaDetail(kase.dueAt, now)}`}
    </span>
  );
}
