import { useFetcher } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { SelectField } from '~/components/forms/select-field';
import { useCan } from '~/lib/auth/use-account';
import type { CaseActionResult } from '~/lib/cases-actions.server';
import { type CasePriority, casePriorities } from '~/lib/graphql/enums';
import { ActionNotice } from './action-notice';

/**
 * "Open a case" from an alert, a number or a campaign: posts to the case queue, which opens the new
 * case's page. An alert already gathered into a case is refused by the API with a message saying so.
 */
export function OpenCaseForm({
  from,
  title,
  priority = 'MEDIUM',
  idPrefix,
}: {
  from: { alertId?: string; number?: string; campaignId?: string };
  title: string;
  priority?: CasePriority;
  idPrefix: string;
}) {
  const mayWork = useCan('workCases');
  const fetcher = useFetcher<CaseActionResult>();
  if (!mayWork) return null;
  return (
    <details data-testid="open-case">
      <summary>Open a case</summary>
      <fetcher.Form
        method="post"
        action="/dashboard/cases?index"
        className="stack"
        style={{ marginTop: '0.5rem' }}
      >
        <CsrfField />
        <input type="hidden" name="intent" value="create" />
        {from.alertId ? <input type="hidden" name="alertId" value={from.alertId} /> : null}
        {from.number ? <input type="hidden" name="number" value={from.number} /> : null}
        {from.campaignId ? <input type="hidden" name="campaignId" value={from.campaignId} /> : null}
        <div className="field">
          <label htmlFor={`${idPrefix}-case-title`}>Case title</label>
          <input
            id={`${idPrefix}-case-title`}
            name="title"
            required
            maxLength={200}
            defaultValue={title.slice(0, 200)}
          />
        </div>
        <SelectField
          id={`${idPrefix}-case-priority`}
          name="priority"
          label="Priority"
          choices={casePriorities}
          defaultValue={priority}
        />
        <div>
          <button type="submit" className="button button--secondary" disabled={fetcher.state !== 'idle'}>
            {fetcher.state === 'idle' ? 'Open case' : 'Opening…'}
          </button>
        </div>
        <ActionNotice result={fetcher.state === 'idle' ? fetcher.data : undefined} />
      </fetcher.Form>
    </details>
  );
}
