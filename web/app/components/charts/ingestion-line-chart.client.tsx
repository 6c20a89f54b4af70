import { ResponsiveLine } from '@nivo/line';
import { formatClock, formatDecimal } from '~/lib/format';
import { type RatePoint, toChartSeries } from '~/lib/traffic-series';
import { CALLS_COLOUR, chartTheme, FLAGGED_COLOUR } from './chart-theme';

export default function IngestionLineChart({ series }: { series: RatePoint[] }) {
  return (
    <ResponsiveLine
      data={toChartSeries(series)}
      theme={chartTheme}
      colors={[CALLS_COLOUR, FLAGGED_COLOUR]}
      margin={{ top: 10, right: 16, bottom: 36, left: 48 }}
      xScale={{ type: 'time', format: 'native', precision: 'millisecond' }}
      yScale={{ type: 'linear', min: 0, max: 'auto' }}
      axisBottom={{ format: (value: Date) => formatClock(value), tickValues: 5, tickSize: 4 }}
      axisLeft={{ tickValues: 5, tickSize: 4, format: (value: number) => formatDecimal(value) }}
      enablePoints={false}
      enableArea
      areaOpacity={0.08}
      curve="monotoneX"
      lineWidth={2}
      enableSlices="x"
      animate={false}
      role="presentation"
    />
  );
}
