import { formatCount, formatDecimal, formatEnumLabel } from '~/lib/format';
import type { ReportBreakdown } from '~/lib/graphql/fragments';
import { reporterKindRows, reportsCeilingText } from '~/lib/report-breakdown';
import { presentVerdict } from '~/lib/verdict';

/** The reports on a number, kept apart from the model's evidence. */
export function ReportBreakdownPanel({ reports }: { reports: ReportBreakdown }) {
  const alone = presentVerdict(reports.verdict);
  return (
    <section aria-labelledby="reports-heading" data-testid="report-breakdown">
      <h3 id="reports-heading" className="stat-tile__label" style={{ marginTop: '1.25rem' }}>
        Reports
      </h3>
      <p className="panel__note" data-testid="reports-ceiling">
        {reportsCeilingText(reports)}
      </p>
      <dl className="facts">
        <div>
          <dt>Reporters</dt>
          <dd data-testid="report-count">{formatCount(reports.reporters)}</dd>
        </div>
        <div>
          <dt>Reports alone say</dt>
          <dd data-testid="reports-verdict">
            {reports.reporters === 0 ? 'Nothing' : alone.label}
            {reports.riskScore === null ? '' : ` (${formatDecimal(reports.riskScore)})`}
          </dd>
        </div>
        {reports.reporters === 0 ? null : (
          <>
            <div>
              <dt>Last 24 h / 7 d / 30 d</dt>
              <dd>
                {formatCount(reports.last24Hours)} / {formatCount(reports.last7Days)} /{' '}
                {formatCount(reports.last30Days)}
              </dd>
            </div>
            {reporterKindRows(reports).map((row) => (
              <div key={row.key} data-testid={`reporters-${row.key}`}>
                <dt>{row.label}</dt>
                <dd>
                  {formatCount(row.count)}
                  <span className="panel__note">
                    {row.trusted ? ' · counts towards dangerous' : ' · suspicious at most'}
                  </span>
                </dd>
              </div>
            ))}
            {reports.byCategory.map((entry) => (
              <div key={entry.category}>
                <dt>{formatEnumLabel(entry.category)}</dt>
                <dd>{formatCount(entry.reporters)}</dd>
              </div>
            ))}
          </>
        )}
      </dl>
    </section>
  );
}
