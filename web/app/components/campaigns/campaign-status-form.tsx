import { useFetcher } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { SelectField } from '~/components/forms/select-field';
import { type CampaignStatus, campaignStatuses } from '~/lib/graphql/enums';

/** Posts to the campaign route's action; without JavaScript it is a normal form post. */
export function CampaignStatusForm({ status }: { status: CampaignStatus }) {
  const fetcher = useFetcher<{ error?: string }>();
  const pending = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" className="inline-form" aria-label="Change campaign status">
      <CsrfField />
      <input type="hidden" name="intent" value="status" />
      <SelectField
        id="campaign-new-status"
        name="status"
        label="Status"
        choices={campaignStatuses}
        defaultValue={status}
        key={status}
      />
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
