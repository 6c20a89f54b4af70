import { useFetcher } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CsrfField } from '~/components/auth/csrf-field';
import type { CaseActionResult } from '~/lib/cases-actions.server';
import type { CaseDetail } from '~/lib/graphql/cases';
import { ActionNotice } from './action-notice';
import { CloseCaseFields } from './close-case-fields';

/** One small form per action, each with its own pending state and outcome. */
function ActionForm({
  intent,
  caseId,
  submit,
  children,
  testId,
}: {
  intent: string;
  caseId: string;
  submit: string;
  children?: ReactNode;
  testId?: string;
}) {
  const fetcher = useFetcher<CaseActionResult>();
  return (
    <fetcher.Form method="post" className="stack" data-testid={testId}>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={caseId} />
      {children}
      <div>
        <button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
          {fetcher.state === 'idle' ? submit : 'Saving…'}
        </button>
      </div>
      <ActionNotice result={fetcher.state === 'idle' ? fetcher.data : undefined} />
    </fetcher.Form>
  );
}

export function CaseActions({ kase, closeExtras }: { kase: CaseDetail; closeExtras?: ReactNode }) {
  const closed = kase.status === 'CLOSED';
  return (
    <section className="panel stack" aria-labelledby="case-actions-title">
      <h2 id="case-actions-title" className="panel__title">
        Work this case
      </h2>
      <ActionForm intent="comment" caseId={kase.id} submit="Add note" testId="case-comment">
        <div className="field">
          <label htmlFor="case-note">Note</label>
          <textarea id="case-note" name="text" required maxLength={5000} placeholder="What you found" />
        </div>
      </ActionForm>
      {closed ? (
        kase.mergedInto ? null : (
          <ActionForm intent="reopen" caseId={kase.id} submit="Reopen case" testId="case-reopen">
            <div className="field">
              <label htmlFor="reopen-reason">Why reopen?</label>
              <textarea id="reopen-reason" name="reason" required maxLength={2000} />
            </div>
          </ActionForm>
        )
      ) : (
        <>
          <ActionForm intent="assign" caseId={kase.id} submit="Assign" testId="case-assign">
            <div className="field">
              <label htmlFor="case-assignee">Assign to</label>
              <select id="case-assignee" name="assignee" defaultValue="me">
                <option value="me">Me</option>
                <option value="none">Nobody (unassign)</option>
              </select>
            </div>
          </ActionForm>
          <ActionForm intent="status" caseId={kase.id} submit="Change status" testId="case-status-form">
            <div className="field">
              <label htmlFor="case-new-status">Status</label>
              <select id="case-new-status" name="status" defaultValue={kase.status}>
                <option value="OPEN">Open</option>
                <option value="INVESTIGATING">Investigating</option>
                <option value="ESCALATED">Escalated</option>
              </select>
            </div>
          </ActionForm>
          <details>
            <summary>Close with an outcome</summary>
            <ActionForm intent="close" caseId={kase.id} submit="Close case" testId="case-close">
              <CloseCaseFields idPrefix="case-close" />
              {closeExtras}
            </ActionForm>
          </details>
          <details>
            <summary>Add evidence</summary>
            <ActionForm intent="evidence" caseId={kase.id} submit="Add evidence" testId="case-evidence-form">
              <div className="field">
                <label htmlFor="evidence-title">Title</label>
                <input id="evidence-title" name="title" required maxLength={200} />
              </div>
              <div className="field">
                <label htmlFor="evidence-body">Text</label>
                <textarea id="evidence-body" name="body" required maxLength={20000} />
              </div>
            </ActionForm>
          </details>
          <details>
            <summary>Merge another case into this one</summary>
            <ActionForm intent="merge" caseId={kase.id} submit="Merge" testId="case-merge">
              <div className="field">
                <label htmlFor="merge-source">Case number</label>
                <input id="merge-source" name="source" required maxLength={20} placeholder="CASE-000123" />
              </div>
            </ActionForm>
          </details>
        </>
      )}
    </section>
  );
}
