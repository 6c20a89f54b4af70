import { formatCount, formatDecimal, formatQuantity, formatShare } from '~/lib/format';
import type { Stats } from '~/lib/graphql/fragments';
import { StatTile } from './stat-tile';

export function OverviewTiles({ stats }: { stats: Stats }) {
  const flaggedShare = stats.totalCalls > 0 ? stats.flaggedCalls / stats.totalCalls : 0;
  return (
    <div className="grid grid--tiles">
      <StatTile
        label="Threat index"
        testId="threat-index"
        value={formatDecimal(stats.threatIndex)}
        unit="/ 10"
        share={stats.threatIndex / 10}
        detail={formatQuantity(stats.activeCampaigns, 'active campaign')}
      />
      <StatTile
        label="Suspicious signals"
        testId="suspicious-signals"
        value={formatCount(stats.flaggedCalls)}
        unit="calls"
        detail={`${formatShare(flaggedShare)} of ${formatCount(stats.totalCalls)} calls · ${formatDecimal(stats.flaggedPerSecond)}/s now`}
      />
      <StatTile
        label="Victims protected"
        testId="victims-protected"
        value={formatCount(stats.victimsProtected)}
        unit="people"
        detail="Estimate: distinct people reached by flagged calls"
      />
      <StatTile
        label="Network load"
        testId="network-load"
        value={formatDecimal(stats.networkLoad)}
        unit="%"
        share={stats.networkLoad / 100}
        detail={`${formatDecimal(stats.callsPerSecond)} calls/s against pipeline capacity`}
      />
    </div>
  );
}
