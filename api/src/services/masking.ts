// What an anonymous viewer may see of a phone number, defined once: the country code, the first
// two national digits (the operator series, e.g. "98") and the last three, as in "+91 98XXXXX321".
// Enough to recognise a pattern in the live stream, not enough to call. Every place a number or
// a name built from numbers reaches a viewer without an ANALYST key goes through this module
// (SECURITY.md, "Reports, lookups and masking").
import { createHmac, randomBytes } from 'node:crypto';
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

/**
 * Free text (a campaign name, say) with every number in it masked like maskNumber. Numbers in
 * free text are written with their "+"; a bare run of digits there (the hex of a campaign id in
 * "Lottery ring 3f2a91bc") is not a number and stays.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (token) => maskNumber(token));
}

/** The key of this process's call-id digests: a digest of a guessable id cannot be reversed by trying ids. */
const CALL_ID_KEY = randomBytes(32);

/**
 * A call id as the public sees it: an opaque digest ("call-3f2a91bc07d4e5a6b8c9"), the same for
 * the same id on this instance, and holding nothing of the id. The integrator builds call ids, and
 * may build them from the numbers in any shape ("cdr-9198-1234-5678", "91_98123_45678"): masking
 * digit runs let numbers split by a separator through, so nothing of the id is shown.
 */
export function maskCallId(id: string): string {
  return `call-${createHmac('sha256', CALL_ID_KEY).update(id).digest('hex').slice(0, 20)}`;
}

/** Free text an integrator sends (a region name) as the public sees it: no digit of it. */
export function maskDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, 'X');
}

/** Full numbers are for analysts and up; everyone else sees them masked. */
export function seesFullNumbers(viewer: Viewer): boolean {
  return hasRole(viewer, 'ANALYST');
}
