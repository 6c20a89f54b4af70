// NEW_CAMPAIGN: campaign detection found a ring it did not know. Never dropped by the per-minute
// cap: a campaign is new once, so a dropped alert would be lost for good, and detection already
// bounds how many there are (a round finding many rings raises one alert each).
import { campaignTypeName, numberSeries } from '../../services/campaign-detector';
import { rule } from '../rule';

/** A ring of this many numbers or more is CRITICAL. */
const CRITICAL_MEMBERS = 5;

export const newCampaign = rule(
  'campaignDetected',
  ({ campaign }) => {
    if (!campaign.isNew) return [];
    const size = campaign.members.length;
    return [
      {
        severity: size >= CRITICAL_MEMBERS ? 'CRITICAL' : 'HIGH',
        title: `New ${campaignTypeName[campaign.type]} campaign: ${size} numbers`,
        message: `${size} flagged numbers${describeSeries(campaign.members)} act together (density ${campaign.density.toFixed(2)}).`,
        campaignId: campaign.id,
        dedupeKey: `campaign:${campaign.id}`,
      },
    ];
  },
  { capped: false },
);

function describeSeries(members: readonly string[]): string {
  const series = new Set(members.map(numberSeries));
  const [only] = series;
  return series.size === 1 && only ? ` from one number series (${only}xxx)` : '';
}
