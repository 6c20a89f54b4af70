import { Link } from '@remix-run/react';
import { ContributionBars } from '~/components/charts/contribution-bars';
import {
  formatContribution,
  formatCount,
  formatDateTime,
  formatDecimal,
  formatEnumLabel,
} from '~/lib/format';
import type { NumberCheck } from '~/lib/graphql/types';
import { presentVerdict } from '~/lib/verdict';

export function VerdictCard({ check }: { check: NumberCheck }) {
  const verdict = presentVerdict(check.verdict);
  const topReasons = [...check.reasons].sort((a, b) => b.contribution - a.contribution).slice(0, 5);
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
      {check.scored ? null : (
        <p className="panel__note">
          The model has not scored this number yet
          {check.reportCount > 0 ? '; the rating comes from reports' : ''}.
        </p>
      )}
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
          <dt>Reports</dt>
          <dd data-testid="report-count">{formatCount(check.reportCount)}</dd>
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
        <div>
          <dt>Model</dt>
          <dd>{check.modelVersion ?? 'No model yet'}</dd>
        </div>
      </dl>
      <h3 className="stat-tile__label" style={{ marginTop: '1.25rem' }}>
        Top reasons
      </h3>
      {topReasons.length === 0 ? (
        <p className="panel__note">
          No reasons yet: the model explains a number once it has scored its calls.
        </p>
      ) : (
        <ContributionBars
          label="Top reasons, by how much each pushed the score up"
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
      <p className="panel__note" style={{ marginTop: '0.75rem' }}>
        <Link to={`/dashboard/explainability?number=${encodeURIComponent(check.number)}`}>
          All of this number’s reasons
        </Link>
      </p>
    </article>
  );
}
