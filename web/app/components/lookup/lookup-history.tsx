// Who checked this number before, and what they were told: a bank can show what it checked
// before a payment. The history is kept LOOKUP_HISTORY_DAYS (API setting).
import { personName } from '~/lib/actor-name';
import { useAccount } from '~/lib/auth/use-account';
import { formatCount, formatDateTime, formatEnumLabel } from '~/lib/format';
import type { NumberLookup } from '~/lib/graphql/numbers';

export function LookupHistory({ lookups, total }: { lookups: NumberLookup[]; total: number }) {
  const account = useAccount();
  return (
    <section className="panel" data-testid="lookup-history" aria-labelledby="lookup-history-title">
      <h2 id="lookup-history-title">Checked before</h2>
      <p className="list__meta">
        {formatCount(total)} {total === 1 ? 'lookup' : 'lookups'} by people and API keys, newest first.
      </p>
      <ol className="list">
        {lookups.map((lookup) => (
          <li key={lookup.id} data-testid="lookup-history-entry">
            <time dateTime={lookup.at}>{formatDateTime(lookup.at)}</time> —{' '}
            <span>{personName(lookup.by, account)}</span> was told{' '}
            <strong>{formatEnumLabel(lookup.verdict)}</strong>
            {lookup.riskScore === null ? '' : ` (risk ${Math.round(lookup.riskScore)})`}
          </li>
        ))}
      </ol>
    </section>
  );
}
