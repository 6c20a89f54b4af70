/** A query-string value if it is one of the allowed ones, else null (so bad input is ignored). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
