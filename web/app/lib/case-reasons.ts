/**
 * The model's reasons stored with a case's number are JSON written by the API at that moment; read
 * only what is shaped like a reason, so an old or odd snapshot shows less rather than breaking the page.
 */
export function reasonTexts(snapshot: unknown): string[] {
  if (!Array.isArray(snapshot)) return [];
  return snapshot
    .map((reason) =>
      typeof reason === 'object' && reason !== null && typeof (reason as { text?: unknown }).text === 'string'
        ? (reason as { text: string }).text
        : null,
    )
    .filter((text): text is string => text !== null && text.length > 0);
}

/** "CASE-000123", "case-123" or "123" → "CASE-000123"; anything else → null. */
export function normaliseCaseNumber(input: string): string | null {
  const match = /^\s*(?:case-?)?0*(\d{1,9})\s*$/i.exec(input);
  return match?.[1] ? `CASE-${match[1].padStart(6, '0')}` : null;
}
