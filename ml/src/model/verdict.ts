export type Verdict = 'SAFE' | 'SUSPICIOUS' | 'DANGEROUS';

export const DANGEROUS_FROM = 70;
export const SUSPICIOUS_FROM = 40;

export function verdictFor(risk: number): Verdict {
  if (risk >= DANGEROUS_FROM) return 'DANGEROUS';
  if (risk >= SUSPICIOUS_FROM) return 'SUSPICIOUS';
  return 'SAFE';
}
