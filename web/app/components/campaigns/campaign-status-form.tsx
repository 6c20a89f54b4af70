import { useFetcher } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { formatEnumLabel } from '~/lib/format';
import { type CampaignStatus, campaignStatuses } from '~/lib/graphql/enums';

/** Posts to the campaign route's action; without JavaScript it is a normal form post. */
export function CampaignStatusForm({ status }: { status: CampaignStatus }) {
  const fetcher = useFetcher<{ error?: string }>();
  const pending = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" className="inline-form" aria-label="Change campaign status">
      <CsrfField />
      <input type="hidden" name="intent" value="status" />
      <div className="field">
        <label htmlFor="campaign-new-status">Status</label>
        <select id="campaign-new-status" name="status" defaultValue={status} key={status}>
          {campaignStatuses.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Saving…' : 'Update status'}
      </button>
      {fetcher.data?.error ? (
        <p className="notice notice--error" role="alert">
          {fetcher.data.error}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
