/** The outcome of a post, read out to screen readers: a status when it worked, an alert when not. */
export function ActionNotice({ result }: { result: { ok: boolean; message: string } | undefined }) {
  if (!result) return null;
  return (
    <p
      className={`notice${result.ok ? '' : ' notice--error'}`}
      role={result.ok ? 'status' : 'alert'}
      data-testid="action-result"
    >
      {result.message}
    </p>
  );
}
