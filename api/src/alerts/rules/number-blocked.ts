// NUMBER_BLOCKED: a caller on a BLOCK list called. One alert per caller: the sink dedupes by
// key for an hour, and the caller is not asked about again for ten minutes, so a busy blocked
// caller costs no query per batch (docs/decisions/016-lists.md).
import { rule } from '../rule';

export const numberBlocked = rule(
  'callsCommitted',
  ({ callers }) =>
    callers.flatMap(({ callerId: number, list: entry }) => {
      if (entry?.kind !== 'BLOCK') return [];
      return [
        {
          severity: 'HIGH' as const,
          title: `${number} is on block list ${entry.listName}`,
          message: `A call from ${number}, blocked by list "${entry.listName}": ${entry.reason} (source: ${entry.source}).`,
          number,
          dedupeKey: `blocked:${number}`,
        },
      ];
    }),
  { recheckAfterMs: 600_000 },
);
