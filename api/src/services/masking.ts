// What an anonymous viewer may see of a phone number, defined once: the country code, the first
// two national digits (the operator series, e.g. "98") and the last three, as in "+91 98XXXXX321".
// Enough to recognise a pattern in the live stream, not enough to call. Every place a number or
// a name built from numbers reaches a viewer without an ANALYST key goes through this module
// (SECURITY.md, "Reports, lookups and masking").
import { hasRole, type Viewer } from '../auth';

/** "+91 98XXXXX321". Placeholder digits ("x") of a number series stay placeholders. */
export function maskNumber(e164: string): string {
  if (e164.length < 8) return '*'.repeat(e164.length);
  const countryEnd = e164.startsWith('+91') ? 3 : Math.min(3, e164.length - 6);
  return `${e164.slice(0, countryEnd)} ${maskNational(e164.slice(countryEnd))}`;
}

/** The digits after the country code: the first two (the operator series) and the last three stay. */
function maskNational(digits: string): string {
  return `${digits.slice(0, 2)}${'X'.repeat(Math.max(0, digits.length - 5))}${digits.slice(-3)}`;
}

/** A "+" and seven or more digits, with the "xxx" a number series ends in ("+918716315xxx"). */
const NUMBER_IN_TEXT = /\+\d{7,15}x*/gi;

/**
 * Free text (a campaign name, say) with every number in it masked like maskNumber. Numbers in
 * free text are written with their "+"; a bare run of digits there (the hex of a campaign id in
 * "Lottery ring 3f2a91bc") is not a number and stays.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (token) => maskNumber(token));
}

/**
 * Any run of seven or more digits, with or without a "+". A call id cannot carry a "+"
 * (pipeline/validate.ts), so its numbers are bare: "cdr-919812345678-…", "919800012345:…".
 */
const DIGITS_IN_ID = /\+?\d{7,}x*/gi;

/**
 * A call id (the integrator's: it may be built from the numbers) with every run of seven or more
 * digits masked. A bare run's country code, if any, is unknown, so it is masked as the national
 * part of maskNumber is: its first two and last three digits stay ("cdr-91XXXXXXX678-20XXX127-0001"),
 * never more than maskNumber shows of the same number.
 */
export function maskCallId(id: string): string {
  return id.replace(DIGITS_IN_ID, (token) =>
    token.startsWith('+') ? maskNumber(token) : maskNational(token),
  );
}

/** Full numbers are for analysts and up; everyone else sees them masked. */
export function seesFullNumbers(viewer: Viewer): boolean {
  return hasRole(viewer, 'ANALYST');
}
