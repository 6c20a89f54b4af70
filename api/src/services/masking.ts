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
  const body = e164.slice(countryEnd);
  return `${e164.slice(0, countryEnd)} ${body.slice(0, 2)}${'X'.repeat(Math.max(0, body.length - 5))}${body.slice(-3)}`;
}

/** A "+" and seven or more digits, with the "xxx" a number series ends in ("+918716315xxx"). */
const NUMBER_IN_TEXT = /\+\d{7,15}x*/gi;

/** Free text (a campaign name, say) with every number in it masked like maskNumber. */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (token) => maskNumber(token));
}

/** Full numbers are for analysts and up; everyone else sees them masked. */
export function seesFullNumbers(viewer: Viewer): boolean {
  return hasRole(viewer, 'ANALYST');
}
