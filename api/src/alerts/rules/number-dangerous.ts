// NUMBER_DANGEROUS: a caller whose committed calls turned it DANGEROUS, with its top reason.
// Callers on an ALLOW list raise no model alert (docs/decisions/016-lists.md).
import { rule } from '../rule';

export const numberDangerous = rule('callsCommitted', ({ callers, listed }) =>
  callers
    .filter((caller) => caller.becameDangerous && listed.get(caller.callerId)?.kind !== 'ALLOW')
    .map((caller) => {
      const risk = caller.riskScore ?? 0;
      const why = caller.reasons?.[0]?.text;
      return {
        severity: risk >= 90 ? 'CRITICAL' : 'HIGH',
        title: `${caller.callerId} turned DANGEROUS`,
        message: `Risk ${Math.round(risk)}/100${caller.category ? `, looks like ${caller.category}` : ''}${why ? `: ${why}` : ''}.`,
        number: caller.callerId,
        dedupeKey: `dangerous:${caller.callerId}`,
      };
    }),
);
