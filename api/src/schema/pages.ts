// The one rule for every list argument (connections' first/last and plain counts such as
// `last` or `limit`): a negative count is refused (BAD_USER_INPUT, by the Zod plugin), a count
// above the field's maximum is clamped to it. The maximum is stated in the field's
// description; SECURITY.md ("Limits") has the rule.
import { type DefaultConnectionArguments, resolveOffsetConnection } from '@pothos/plugin-relay';
import type { SatarkTypes } from '../builder';

export interface PageSize {
  defaultSize: number;
  maxSize: number;
}

export function pageSize(defaultSize: number, maxSize: number): PageSize {
  return { defaultSize, maxSize };
}

function sizes(size: PageSize): string {
  return `${size.defaultSize} by default, at most ${size.maxSize} (more is clamped to ${size.maxSize})`;
}

/** `description` followed by the page size rule of its `what` argument (a connection's first/last). */
export function pagedDescription(description: string, size: PageSize, what = 'first/last'): string {
  return `${description} ${what}: ${sizes(size)}.`;
}

/** Options of a plain count argument (not a connection's): non-negative, with its default. */
export function countArg(size: PageSize, what = 'How many') {
  return {
    defaultValue: size.defaultSize,
    description: `${what}: ${sizes(size)}; negative is refused.`,
    validate: { int: true, nonnegative: true },
  } as const;
}

/** A connection type that counts what its filter matches. */
export function countedConnectionType(name: string) {
  return {
    name,
    fields: (c: PothosSchemaTypes.ObjectFieldBuilder<SatarkTypes, { totalCount: number }>) => ({
      totalCount: c.exposeInt('totalCount', { description: 'Everything the filter matches, on every page' }),
    }),
  };
}

/** A count argument's value within the rule: the default when absent, clamped to the maximum. */
export function clampCount(value: number | null | undefined, size: PageSize): number {
  return Math.min(value ?? size.defaultSize, size.maxSize);
}

/** An offset connection whose page and count come from one call (`[rows, totalCount]`). */
export async function pageAndCountConnection<T>(
  args: DefaultConnectionArguments,
  size: PageSize,
  pageAndCount: (page: { offset: number; limit: number }) => Promise<[readonly T[], number]>,
) {
  let totalCount = 0;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: size.defaultSize, maxSize: size.maxSize },
    async (page) => {
      const [rows, count] = await pageAndCount(page);
      totalCount = count;
      return rows;
    },
  );
  return { ...connection, totalCount };
}

/**
 * An offset connection with its totalCount: one page by `list` and the count of everything the
 * filter matches by `count`, in parallel.
 */
export function countedConnection<T>(
  args: DefaultConnectionArguments,
  size: PageSize,
  list: (page: { offset: number; limit: number }) => Promise<readonly T[]>,
  count: () => Promise<number>,
) {
  return pageAndCountConnection(args, size, (page) => Promise.all([list(page), count()]));
}

/** The description of every connection's first and last. */
export const PAGE_SIZE_ARG =
  "How many: at most the field's maximum (in its description), more is clamped to it; negative is refused.";
