import { Link } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { formatCount, formatDecimal, formatEnumLabel } from '~/lib/format';
import type { CampaignMember } from '~/lib/graphql/campaigns';

export function CampaignMembers({ members }: { members: CampaignMember[] }) {
  if (members.length === 0) return <EmptyState title="This campaign has no members on record" />;
  const sorted = [...members].sort((a, b) => b.calls - a.calls);
  return (
    <div className="table-wrap">
      <table data-testid="campaign-members">
        <caption className="visually-hidden">Campaign numbers, most calls first</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Role</th>
            <th scope="col" className="numeric">
              Calls
            </th>
            <th scope="col" className="numeric">
              Risk
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((member) => (
            <tr key={member.number}>
              <th scope="row" className="mono">
                <Link to={`/dashboard/lookup?number=${encodeURIComponent(member.number)}`}>
                  {member.number}
                </Link>
              </th>
              <td>{formatEnumLabel(member.role)}</td>
              <td className="numeric">{formatCount(member.calls)}</td>
              <td className="numeric">{member.riskScore === null ? '—' : formatDecimal(member.riskScore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
