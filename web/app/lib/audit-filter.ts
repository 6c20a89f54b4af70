// The audit page's filters live in the URL; these read them back, refusing what is not a filter.
import type { AuditFilter } from './graphql/people';

const MAX_TEXT = 200;
/** The dashboard shows times in IST, so the time inputs are read as IST too. */
const IST_OFFSET = '+05:30';

export const auditTextFilters = ['actor', 'action', 'targetType', 'targetId'] as const;

function text(value: string | null): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : null;
}

/** `2026-11-26T14:30` (a datetime-local input, IST) → an ISO instant; anything else → null. */
export function istInputToIso(value: string | null): string | null {
  const trimmed = (value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(trimmed)) return null;
  const instant = new Date(`${trimmed.length === 16 ? `${trimmed}:00` : trimmed}${IST_OFFSET}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** People type an email; the log records `account:<email>` (keys are `key:<name>`). */
export function actorFilter(input: string): string {
  return /^[^\s:@]+@[^\s:@]+$/.test(input) ? `account:${input.toLowerCase()}` : input;
}

export interface ParsedAuditFilter {
  filter: AuditFilter;
  /** What the inputs showed, to fill the form back in. */
  inputs: Record<(typeof auditTextFilters)[number] | 'from' | 'to', string>;
  problems: string[];
}

export function auditFilterFromParams(params: URLSearchParams): ParsedAuditFilter {
  const problems: string[] = [];
  const inputs = {
    actor: text(params.get('actor')) ?? '',
    action: text(params.get('action')) ?? '',
    targetType: text(params.get('targetType')) ?? '',
    targetId: text(params.get('targetId')) ?? '',
    from: (params.get('from') ?? '').trim().slice(0, 25),
    to: (params.get('to') ?? '').trim().slice(0, 25),
  };
  const from = istInputToIso(inputs.from);
  const to = istInputToIso(inputs.to);
  if (inputs.from && !from) problems.push('“From” is not a date and time; it was ignored.');
  if (inputs.to && !to) problems.push('“To” is not a date and time; it was ignored.');
  if (from && to && from > to) problems.push('“From” is after “To”: nothing can match.');
  const filter: AuditFilter = {};
  for (const name of auditTextFilters) if (inputs[name]) filter[name] = inputs[name];
  if (filter.actor) filter.actor = actorFilter(filter.actor);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return { filter, inputs, problems };
}

/** The same filter as query parameters for the API's /audit.csv. */
export function auditCsvParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  return params;
}
