import { EmptyState } from '~/components/feedback/empty-state';
import { formatCount, formatDecimal, formatShare } from '~/lib/format';
import type { RegionStat } from '~/lib/graphql/overview';
import { bubbleRadius, heatColour } from './heat-colour';
import {
  LABEL_ON_LEFT,
  MAP_HEIGHT,
  MAP_WIDTH,
  outlinePath,
  project,
  REGION_LOCATIONS,
} from './india-geography';

const outline = outlinePath();

export function RegionHeatMap({ regions }: { regions: RegionStat[] }) {
  if (regions.length === 0) {
    return (
      <EmptyState title="No calls in the last 24 hours">
        <p>Regions light up here as calls from them are ingested.</p>
      </EmptyState>
    );
  }
  const maxCalls = Math.max(...regions.map((region) => region.calls));
  const placed = regions.filter((region) => REGION_LOCATIONS[region.region]);
  const sorted = [...regions].sort((a, b) => b.threatLevel - a.threatLevel || b.calls - a.calls);

  return (
    <div className="region-map">
      <svg
        viewBox={`0 0 ${MAP_WIDTH.toFixed(0)} ${MAP_HEIGHT.toFixed(0)}`}
        role="img"
        aria-labelledby="region-map-title"
        data-testid="region-map"
      >
        <title id="region-map-title">
          Map of India: one circle per region, sized by calls and coloured by threat level
        </title>
        <path className="region-map__land" d={outline} />
        {placed
          .sort((a, b) => b.calls - a.calls)
          .map((region) => {
            const location = REGION_LOCATIONS[region.region];
            if (!location) return null;
            const { x, y } = project(location);
            const radius = bubbleRadius(region.calls, maxCalls);
            return (
              <g key={region.region}>
                <circle
                  cx={x}
                  cy={y}
                  r={radius}
                  fill={heatColour(region.threatLevel)}
                  fillOpacity={0.7}
                  stroke={heatColour(region.threatLevel)}
                  strokeWidth={1.5}
                />
                <text
                  className="region-map__label"
                  x={LABEL_ON_LEFT.has(region.region) ? x - radius - 3 : x + radius + 3}
                  y={y + 4}
                  textAnchor={LABEL_ON_LEFT.has(region.region) ? 'end' : 'start'}
                >
                  {region.region}
                </text>
              </g>
            );
          })}
      </svg>
      <div className="scale" aria-hidden="true">
        <span>Threat 0</span>
        <span className="scale__ramp" />
        <span>10</span>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Regions by threat level, last 24 hours</caption>
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col" className="numeric">
                Threat
              </th>
              <th scope="col" className="numeric">
                Calls
              </th>
              <th scope="col" className="numeric">
                Flagged
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((region) => (
              <tr key={region.region}>
                <th scope="row">{region.region}</th>
                <td className="numeric">{formatDecimal(region.threatLevel)}</td>
                <td className="numeric">{formatCount(region.calls)}</td>
                <td className="numeric">{formatShare(region.flaggedRatio)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
