// Phone numbers are parsed with libphonenumber-js; India is the default country.
import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';
import { echo } from './echo';

export class InvalidNumberError extends Error {
  readonly code = 'INVALID_NUMBER';
  /** What the client sent, cut to 64 characters (it is echoed back). */
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`"${echo(input, 40)}" is not a valid phone number: ${reason}`);
    this.name = 'InvalidNumberError';
    this.input = echo(input);
  }
}

export interface ParsedNumber {
  e164: string;
  nationalFormat: string;
  country: string | null;
  lineType: string | null;
}

const reasons: Record<string, string> = {
  INVALID_COUNTRY: 'unknown country code',
  NOT_A_NUMBER: 'it contains no phone number',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong length',
};

// Numbers are looked up again and again; parsing one is the dearest step of a lookup after the
// database. Valid numbers are remembered (invalid input is not, so garbage cannot fill this).
const parsedNumbers = new LRUCache<string, Readonly<ParsedNumber>>({ max: 100_000 });

/** Throws InvalidNumberError for input that is not a phone number. */
export function parseNumber(input: string, defaultCountry: CountryCode = 'IN'): Readonly<ParsedNumber> {
  const key = `${defaultCountry}:${input}`;
  const remembered = parsedNumbers.get(key);
  if (remembered) return remembered;
  const parsed = Object.freeze(parseUncached(input, defaultCountry));
  parsedNumbers.set(key, parsed);
  return parsed;
}

function parseUncached(input: string, defaultCountry: CountryCode): ParsedNumber {
  if (input.length > 40) throw new InvalidNumberError(input, 'longer than 40 characters');
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(input, defaultCountry);
  } catch (error) {
    const key = error instanceof Error ? error.message : '';
    throw new InvalidNumberError(input, reasons[key] ?? 'it could not be parsed');
  }
  if (!parsed.isValid()) throw new InvalidNumberError(input, 'no such number range in its country');
  return {
    e164: parsed.number,
    nationalFormat: parsed.formatNational(),
    country: parsed.country ?? null,
    lineType: parsed.getType() ?? null,
  };
}

const E164_CACHE_SIZE = 500_000;
const e164Cache = new Map<string, string>();

/**
 * The E.164 form of a valid number; what ingestion needs per call. Numbers repeat from call
 * to call, and parsing is most of the cost of validating a CDR, so valid ones are remembered
 * (up to 500,000 distinct inputs, then the memory starts over).
 */
export function toE164(input: string): string {
  const cached = e164Cache.get(input);
  if (cached !== undefined) return cached;
  if (input.length > 40) throw new InvalidNumberError(input, 'longer than 40 characters');
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(input, 'IN');
  } catch (error) {
    const key = error instanceof Error ? error.message : '';
    throw new InvalidNumberError(input, reasons[key] ?? 'it could not be parsed');
  }
  if (!parsed.isValid()) throw new InvalidNumberError(input, 'no such number range in its country');
  if (e164Cache.size >= E164_CACHE_SIZE) e164Cache.clear();
  e164Cache.set(input, parsed.number);
  return parsed.number;
}
