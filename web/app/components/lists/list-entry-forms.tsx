import { useFetcher } from '@remix-run/react';
import { useState } from 'react';
import { CsrfField } from '~/components/auth/csrf-field';
import { ActionNotice } from '~/components/cases/action-notice';
import type { ListActionResult } from '~/lib/lists-actions.server';

export function AddEntryForm() {
  const fetcher = useFetcher<ListActionResult>();
  const [match, setMatch] = useState('NUMBER');
  return (
    <section className="panel" aria-labelledby="add-entry-title">
      <h2 id="add-entry-title" className="panel__title">
        Add an entry
      </h2>
      <fetcher.Form method="post" className="filters" data-testid="add-entry-form">
        <CsrfField />
        <input type="hidden" name="intent" value="add-entry" />
        <div className="field">
          <label htmlFor="entry-match">Match</label>
          <select
            id="entry-match"
            name="match"
            value={match}
            onChange={(event) => setMatch(event.target.value)}
          >
            <option value="NUMBER">One number</option>
            <option value="PREFIX">A prefix</option>
            <option value="RANGE">A range</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="entry-value">
            {match === 'RANGE' ? 'From' : match === 'PREFIX' ? 'Prefix' : 'Number'}
          </label>
          <input id="entry-value" name="value" required maxLength={40} placeholder="+91…" />
        </div>
        {match === 'RANGE' ? (
          <div className="field">
            <label htmlFor="entry-to">To</label>
            <input id="entry-to" name="to" required maxLength={40} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="entry-reason">Reason</label>
          <input id="entry-reason" name="reason" required maxLength={500} />
        </div>
        <div className="field">
          <label htmlFor="entry-expires">Expires (optional)</label>
          <input id="entry-expires" name="expiresAt" type="datetime-local" />
        </div>
        <button type="submit" className="button">
          Add entry
        </button>
      </fetcher.Form>
      <ActionNotice result={fetcher.state === 'idle' ? fetcher.data : undefined} />
    </section>
  );
}

/** A CSV file's text is read in the browser and posted; nothing is imported when any row is bad. */
export function ImportForm() {
  const fetcher = useFetcher<ListActionResult>();
  const [csv, setCsv] = useState('');
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title" className="panel__title">
        Import CSV
      </h2>
      <p className="list__meta">
        Columns: <code>number</code> or <code>prefix</code> or <code>from,to</code>, <code>reason</code>,
        optional <code>expires_at</code> and <code>source</code>. All rows or none.
      </p>
      <fetcher.Form method="post" className="stack" data-testid="import-form">
        <CsrfField />
        <input type="hidden" name="intent" value="import" />
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              setCsv(file ? await file.text() : '');
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-csv">Or paste the CSV</label>
          <textarea
            id="import-csv"
            name="csv"
            value={csv}
            onChange={(event) => setCsv(event.target.value)}
            rows={4}
          />
        </div>
        <div>
          <button type="submit" className="button" disabled={fetcher.state !== 'idle' || !csv.trim()}>
            {fetcher.state === 'idle' ? 'Import' : 'Importing…'}
          </button>
        </div>
      </fetcher.Form>
      <ActionNotice result={result} />
      {result?.rows && result.rows.length > 0 ? (
        <ul data-testid="import-row-errors">
          {result.rows.slice(0, 100).map((row) => (
            <li key={`${row.row}-${row.message}`}>
              Row {row.row}: {row.message}
            </li>
          ))}
          {result.rows.length > 100 ? <li>…and {result.rows.length - 100} more rows</li> : null}
        </ul>
      ) : null}
    </section>
  );
}

export function RemoveEntryButton({ entryId, label }: { entryId: string; label: string }) {
  const fetcher = useFetcher<ListActionResult>();
  return (
    <fetcher.Form method="post">
      <CsrfField />
      <input type="hidden" name="intent" value="remove-entry" />
      <input type="hidden" name="entryId" value={entryId} />
      <button
        type="submit"
        className="button button--secondary"
        aria-label={`Remove ${label}`}
        disabled={fetcher.state !== 'idle'}
      >
        Remove
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span className="notice notice--error" role="alert">
          {fetcher.data.message}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
