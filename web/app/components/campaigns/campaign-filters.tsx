import { Form } from '@remix-run/react';
import { formatEnumLabel } from '~/lib/format';
import {
  type CampaignStatus,
  campaignStatuses,
  type FraudCategory,
  fraudCategories,
} from '~/lib/graphql/types';

interface CampaignFiltersProps {
  status: CampaignStatus | null;
  type: FraudCategory | null;
}

/** GET form: filters live in the URL, so they can be shared and work without JavaScript. */
export function CampaignFilters({ status, type }: CampaignFiltersProps) {
  return (
    <Form method="get" className="filters" aria-label="Filter campaigns">
      <div className="field">
        <label htmlFor="campaign-status">Status</label>
        <select id="campaign-status" name="status" defaultValue={status ?? ''}>
          <option value="">Any status</option>
          {campaignStatuses.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="campaign-type">Fraud type</label>
        <select id="campaign-type" name="type" defaultValue={type ?? ''}>
          <option value="">Any type</option>
          {fraudCategories.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        Apply filters
      </button>
    </Form>
  );
}
