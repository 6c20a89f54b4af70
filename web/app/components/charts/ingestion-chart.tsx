import { lazy } from 'react';
import { formatDecimal } from '~/lib/format';
import type { RatePoint } from '~/lib/traffic-series';
import { CALLS_COLOUR, FLAGGED_COLOUR } from './chart-theme';
import { ClientOnly } from './client-only';

const IngestionLineChart = lazy(() => import('./ingestion-line-chart.client'));

interface IngestionChartProps {
  series: RatePoint[];
  callsPerSecond: number;
  flaggedPerSecond: number;
}

export function IngestionChart({ series, callsPerSecond, flaggedPerSecond }: IngestionChartProps) {
  const summary = `Calls ingested per second over the last minutes; now ${formatDecimal(callsPerSecond)} calls per second, ${formatDecimal(flaggedPerSecond)} flagged.`;
  return (
    <div className="ingestion">
      <p className="chart-readout" data-testid="ingestion-readout">
        <span>
          <span className="legend-swatch" style={{ background: CALLS_COLOUR }} aria-hidden="true" />
          <strong data-testid="calls-per-second">{formatDecimal(callsPerSecond)}</strong> calls/s
        </span>
        <span>
          <span className="legend-swatch" style={{ background: FLAGGED_COLOUR }} aria-hidden="true" />
          <strong data-testid="flagged-per-second">{formatDecimal(flaggedPerSecond)}</strong> flagged/s
        </span>
      </p>
      <figure
        className="chart"
        role="img"
        aria-label={summary}
        data-testid="ingestion-chart"
        data-points={series.length}
        data-last-calls-per-second={series.at(-1)?.callsPerSecond ?? 0}
        style={{ margin: 0 }}
      >
        {series.length < 2 || series.every((point) => point.callsPerSecond === 0) ? (
          <div className="chart__placeholder">
            <p>No calls in the last minutes. The chart draws itself as calls are ingested.</p>
          </div>
        ) : (
          <ClientOnly fallback={<div className="chart__placeholder">Loading chart…</div>}>
            {() => <IngestionLineChart series={series} />}
          </ClientOnly>
        )}
      </figure>
    </div>
  );
}
