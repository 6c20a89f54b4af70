import { InvalidArgumentError } from 'commander';

export function positiveInteger(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer, got "${value}".`);
    return n;
  };
}

export function integer(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got "${value}".`);
    return n;
  };
}

/** A number in [min, max) or (min, max] as the caller says. */
export function ratio(
  name: string,
  min: number,
  max: number,
  maxIncluded: boolean,
): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const ok = value.trim() !== '' && n >= min && (maxIncluded ? n <= max : n < max);
    if (!ok) {
      throw new InvalidArgumentError(
        `${name} must be a number in [${min}, ${max}${maxIncluded ? ']' : ')'}, got "${value}".`,
      );
    }
    return n;
  };
}

/** Thrown for a problem the user can fix (a bad combination of options, a missing label column...). */
export class UsageError extends Error {
  override name = 'UsageError';
}
