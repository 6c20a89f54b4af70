// The ingestion chart's data: calls and flagged calls per second, as a 10-second trailing
// mean, which is how the API computes Stats.callsPerSecond, so the history loaded with the
// page and the points that arrive live on the threat stream line up.

export const RATE_WINDOW_SEC = 10;

export interface TrafficCount {
  at: string;
  calls: number;
  flagged: number;
}

export interface RatePoint {
  /** Epoch milliseconds. */
  at: number;
  callsPerSecond: number;
  flaggedPerSecond: number;
}

/** Per-second counts -> trailing means; the first points, whose window is incomplete, are dropped. */
export function ratesFromTraffic(points: readonly TrafficCount[], windowSec = RATE_WINDOW_SEC): RatePoint[] {
  const rates: RatePoint[] = [];
  let calls = 0;
  let flagged = 0;
  points.forEach((point, index) => {
    calls += point.calls;
    flagged += point.flagged;
    const leaving = points[index - windowSec];
    if (leaving) {
      calls -= leaving.calls;
      flagged -= leaving.flagged;
    }
    if (index >= windowSec - 1) {
      rates.push({
        // The window ends where this second ends.
        at: Date.parse(point.at) + 1000,
        callsPerSecond: calls / windowSec,
        flaggedPerSecond: flagged / windowSec,
      });
    }
  });
  return rates;
}

/** Adds a live point, ignores one that is not newer than the last, and keeps `spanMs` of history. */
export function appendRate(series: readonly RatePoint[], point: RatePoint, spanMs: number): RatePoint[] {
  const last = series[series.length - 1];
  if (last && point.at <= last.at) return series as RatePoint[];
  const oldest = point.at - spanMs;
  return [...series.filter((existing) => existing.at >= oldest), point];
}

export interface ChartSeries {
  id: string;
  data: { x: Date; y: number }[];
}

export function toChartSeries(series: readonly RatePoint[]): ChartSeries[] {
  return [
    { id: 'Calls/s', data: series.map((point) => ({ x: new Date(point.at), y: point.callsPerSecond })) },
    { id: 'Flagged/s', data: series.map((point) => ({ x: new Date(point.at), y: point.flaggedPerSecond })) },
  ];
}
