import { Link } from '@remix-run/react';
import { ContributionBars } from '~/components/charts/contribution-bars';
import { ReportBreakdownPanel } from '~/components/lookup/report-breakdown';
import {
  formatContribution,
  formatCount,
  formatDateTime,
  formatDecimal,
  formatEnumLabel,
} from '~/lib/format';
import type { NumberCheck, Reason } from '~/lib/graphql/fragments';
import { verdictSourceText } from '~/lib/report-breakdown';
import { presentVerdict } from '~/lib/verdict';

export function VerdictCard({
  check,
  allReasons,
  allReasonsLink,
}: {
  check: NumberCheck;
  /** Every feature's reason (reasons(all: true)), when the reader asked for them. */
  allReasons?: Reason[];
  /** Where "show all reasons" / "show top reasons" go (the page's own URL with or without all). */
  allReasonsLink?: { all: string; top: string };
}) {
  const verdict = presentVerdict(check.verdict);
  const showingAll = allReasons !== undefined;
  const topReasons = showingAll
    ? allReasons
    : [...check.reasons].sort((a, b) => b.contribution - a.contribution).slice(0, 5);
  return (
    <article
      className={`verdict verdict--${verdict.tone}`}
      aria-labelledby="verdict-heading"
      data-testid="verdict"
    >
      <div className="verdict__headline">
        <h2 id="verdict-heading" className="mono" style={{ margin: 0 }}>
          {check.nationalFormat}
        </h2>
        <span className={`badge badge--${verdict.tone}`} data-testid="verdict-label">
          {verdict.label}
        </span>
        <span className="verdict__score" data-testid="risk-score">
          {check.riskScore === null ? 'Not rated' : `${formatDecimal(check.riskScore)}`}
          {check.riskScore === null ? null : <span className="stat-tile__unit">/ 100 risk</span>}
        </span>
      </div>
      <p>{verdict.advice}</p>
      <p className="panel__note" data-testid="verdict-source">
        {verdictSourceText(check)}
      </p>
      <dl className="facts">
        <div>
          <dt>Number</dt>
          <dd className="mono">{check.number}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{check.category ? formatEnumLabel(check.category) : 'None known'}</dd>
        </div>
        <div>
          <dt>Carrier</dt>
          <dd>{check.carrier ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Line type</dt>
          <dd>{check.lineType ? formatEnumLabel(check.lineType) : 'Unknown'}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{check.region ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{check.firstSeen ? formatDateTime(check.firstSeen) : 'Never on the network'}</dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>{check.lastSeen ? formatDateTime(check.lastSeen) : 'Never on the network'}</dd>
        </div>
        <div>
          <dt>Campaign</dt>
          <dd>
            {check.campaign ? (
              <Link to={`/dashboard/campaigns/${encodeURIComponent(check.campaign.id)}`}>
                {check.campaign.name}
              </Link>
            ) : (
              'None'
            )}
          </dd>
        </div>
      </dl>
      <h3 className="stat-tile__label" style={{ marginTop: '1.25rem' }}>
        What we know and what we don’t
      </h3>
      <ul className="panel__note" data-testid="known">
        <li>
          {check.known.callsSeen === 0
            ? 'No calls seen from this number.'
            : `${formatCount(check.known.callsSeen)} calls seen.`}
        </li>
        <li>
          {check.known.scored ? 'The model has scored its calls.' : 'Not scored yet (it takes a few calls).'}
        </li>
        <li>
          {check.known.reports === 0
            ? 'Nobody has reported it.'
            : `${formatCount(check.known.reports)} reporters.`}
        </li>
        <li>{check.known.listEntries === 0 ? 'On no allow or block list.' : 'On a list (below).'}</li>
      </ul>
      {check.listEntries.length > 0 ? (
        <>
          <h3 className="stat-tile__label" style={{ marginTop: '1.25rem' }}>
            Lists
          </h3>
          <ul data-testid="list-entries">
            {check.listEntries.map((entry) => (
              <li key={entry.entryId}>
                <span className={`badge badge--${entry.kind === 'BLOCK' ? 'dangerous' : 'safe'}`}>
                  {entry.kind === 'BLOCK' ? 'Blocked' : 'Allowed'}
                </span>{' '}
                {entry.listName}: {entry.reason}{' '}
                <span className="panel__note">
                  (source: {entry.source}
                  {entry.expiresAt ? `, until ${formatDateTime(entry.expiresAt)}` : ''};{' '}
                  <span className="mono">{entry.text}</span>)
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="stat-tile__label" style={{ marginTop: '1.25rem' }}>
        The model’s evidence
      </h3>
      <dl className="facts" data-testid="model-evidence">
        <div>
          <dt>Model risk</dt>
          <dd data-testid="model-risk">
            {check.modelRiskScore === null
              ? 'Not scored yet'
              : `${formatDecimal(check.modelRiskScore)} / 100`}
          </dd>
        </div>
        <div>
          <dt>Calls in the last {formatDecimal(check.callsWindowHours)} h window</dt>
          <dd data-testid="calls-in-window">{formatCount(check.callsInWindow)}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>{check.modelVersion ?? 'No model yet'}</dd>
        </div>
      </dl>
      <h4 className="stat-tile__label" style={{ marginTop: '1rem' }}>
        {showingAll ? 'All reasons' : 'Top reasons'}
      </h4>
      {topReasons.length === 0 ? (
        <p className="panel__note">
          No reasons yet: the model explains a number once it has scored its calls.
        </p>
      ) : (
        <ContributionBars
          label={`${showingAll ? 'All' : 'Top'} reasons, by how much each pushed the score up`}
          diverging
          testId="top-reasons"
          items={topReasons.map((reason) => ({
            key: reason.feature,
            label: reason.label,
            detail: reason.text,
            value: reason.contribution,
            valueText: formatContribution(reason.contribution),
          }))}
        />
      )}
      {allReasonsLink && check.scored ? (
        <p className="panel__note" style={{ marginTop: '0.75rem' }}>
          <Link
            to={showingAll ? allReasonsLink.top : allReasonsLink.all}
            preventScrollReset
            data-testid="all-reasons-link"
          >
            {showingAll ? 'Show the top reasons only' : 'Show all reasons'}
          </Link>
        </p>
      ) : null}
      <p className="panel__note" style={{ marginTop: '0.75rem' }}>
        <Link to={`/dashboard/explainability?number=${encodeURIComponent(check.number)}`}>
          All of this number’s reasons
        </Link>
      </p>
      <ReportBreakdownPanel reports={check.reports} />
    </article>
  );
}
