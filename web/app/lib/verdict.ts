// How a verdict is shown: a colour never carries the meaning alone, words always go with it.

export type Verdict = 'SAFE' | 'SUSPICIOUS' | 'DANGEROUS';

export interface VerdictPresentation {
  /** Short words for the badge. */
  label: string;
  /** One sentence a citizen understands. */
  advice: string;
  /** CSS modifier: verdict--safe, verdict--suspicious, verdict--dangerous. */
  tone: 'safe' | 'suspicious' | 'dangerous';
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
};

export function presentVerdict(verdict: Verdict): VerdictPresentation {
  return presentations[verdict];
}
