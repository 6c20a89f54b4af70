// Numbers and times as an Indian analyst reads them: en-IN grouping (lakh, crore), IST.
// Explicit locale, time zone and hour cycle keep the server's and the browser's text identical:
// with `hour12: false` Node's ICU writes the hour after midnight as "24" where Chromium writes
// "00", and the dashboard failed to hydrate from 00:00 to 00:59 IST.

const LOCALE = 'en-IN';
const TIME_ZONE = 'Asia/Kolkata';

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const clockTime = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 1234567 -> "12,34,567" */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** A rate or score with one decimal: 3.14159 -> "3.1" */
export function formatDecimal(value: number): string {
  return oneDecimal.format(value);
}

/** A share between 0 and 1: 0.0523 -> "5.2%" */
export function formatShare(value: number): string {
  return percent.format(value);
}

/** "24 Nov 2026, 06:28 IST" */
export function formatDateTime(value: string | Date): string {
  return `${dateTime.format(new Date(value))} IST`;
}

/** "06:28:15" in IST, for chart axes and live feeds. */
export function formatClock(value: string | Date): string {
  return clockTime.format(new Date(value));
}

/** "WANGIRI" -> "Wangiri", "KYC_PHISHING" -> "KYC phishing" */
export function formatEnumLabel(value: string): string {
  const words = value.toLowerCase().split('_');
  const acronyms = new Set(['kyc', 'sim', 'irs']);
  return words
    .map((word, index) => {
      if (acronyms.has(word)) return word.toUpperCase();
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    })
    .join(' ');
}

/** A signed contribution; small ones keep two decimals so "+0.04" does not read as "+0.0". */
export function formatContribution(value: number): string {
  const sign = value > 0 ? '+' : '';
  return Math.abs(value) < 0.1 ? `${sign}${value.toFixed(2)}` : `${sign}${formatDecimal(value)}`;
}

/** "1 active campaign", "3 active campaigns", with the count grouped the Indian way. */
export function formatQuantity(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
