// How a verdict is shown: a colour never carries the meaning alone, words always go with it.
import type { Verdict } from './graphql/enums';

export interface VerdictPresentation {
  /** Short words for the badge. */
  label: string;
  /** One sentence a citizen understands. */
  advice: string;
  /** CSS modifier: verdict--safe, verdict--suspicious, verdict--dangerous, verdict--unknown. */
  tone: 'safe' | 'suspicious' | 'dangerous' | 'unknown';
}

const presentations: Record<Verdict, VerdictPresentation> = {
  SAFE: {
    label: 'Safe',
    advice: 'Nothing suspicious is known about this number.',
    tone: 'safe',
  },
  SUSPICIOUS: {
    label: 'Suspicious',
    advice: 'This number behaves unusually. Do not share OTPs, KYC details or payments with it.',
    tone: 'suspicious',
  },
  DANGEROUS: {
    label: 'Dangerous',
    advice: 'This number is very likely fraudulent. Do not answer, call back or pay; report it.',
    tone: 'dangerous',
  },
  UNKNOWN: {
    label: 'Unknown',
    advice:
      'We know nothing about this number yet: it has not been seen calling, nobody has reported it and it is on no list. That is not the same as safe: new SIMs are what fraudsters use, so be careful with OTPs, KYC details and payments.',
    tone: 'unknown',
  },
};

export function presentVerdict(verdict: Verdict): VerdictPresentation {
  return presentations[verdict];
}
