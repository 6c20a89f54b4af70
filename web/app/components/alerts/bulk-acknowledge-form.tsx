import { useFetcher } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { useCan } from '~/lib/auth/use-account';

interface BulkResult {
  ok: boolean;
  message: string;
}

/**
 * The form the alert cards' checkboxes belong to (by its id), so the analyst ticks alerts anywhere
 * in the list and acknowledges them in one post.
 */
export function BulkAcknowledgeForm({ id }: { id: string }) {
  const mayWork = useCan('workAlerts');
  const fetcher = useFetcher<BulkResult>();
  if (!mayWork) return null;
  return (
    <fetcher.Form method="post" id={id} className="button-row" style={{ alignItems: 'center' }}>
      <CsrfField />
      <input type="hidden" name="intent" value="acknowledge-many" />
      <button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
        {fetcher.state === 'idle' ? 'Acknowledge selected' : 'Acknowledging…'}
      </button>
      {fetcher.data ? (
        <span
          className={`notice${fetcher.data.ok ? '' : ' notice--error'}`}
          role={fetcher.data.ok ? 'status' : 'alert'}
          data-testid="bulk-acknowledge-result"
        >
          {fetcher.data.message}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
