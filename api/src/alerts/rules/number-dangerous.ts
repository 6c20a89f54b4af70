// NUMBER_DANGEROUS: a caller whose committed calls turned it DANGEROUS, with its top reason.
// Callers on an ALLOW list raise no model alert (docs/decisions/016-lists.md).
import { rule } from '../rule';

export const numberDangerous = rule('callsCommitted', ({ callers }) =>
  callers.flatMap(({ callerId: number, model, list }) => {
    if (!model?.becameDangerous || list?.kind === 'ALLOW') return [];
    const risk = model.riskScore ?? 0;
    const why = model.reasons?.[0]?.text;
    return [
      {
        severity: risk >= 90 ? ('CRITICAL' as const) : ('HIGH' as const),
        title: `${number} turned DANGEROUS`,
        message: `Risk ${Math.round(risk)}/100${model.category ? `, looks like ${model.category}` : ''}${why ? `: ${why}` : ''}.`,
        number,
        dedupeKey: `dangerous:${number}`,
      },
    ];
  }),
);
