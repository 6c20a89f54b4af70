import { describe, expect, it } from 'vitest';
import { appendRate, ratesFromTraffic, toChartSeries } from './traffic-series';

const second = (n: number) => new Date(Date.UTC(2026, 10, 24, 6, 0, n)).toISOString();

describe('ratesFromTraffic', () => {
  it('averages calls and flagged calls over the trailing window like the API’s callsPerSecond', () => {
    const counts = [10, 0, 20, 0, 30].map((calls, n) => ({ at: second(n), calls, flagged: calls / 10 }));
    const rates = ratesFromTraffic(counts, 2);
    expect(rates.map((r) => r.callsPerSecond)).toEqual([5, 10, 10, 15]);
    expect(rates.map((r) => r.flaggedPerSecond)).toEqual([0.5, 1, 1, 1.5]);
    expect(rates[0].at).toBe(Date.parse(second(2)));
  });

  it('gives no points when there is less history than one window', () => {
    expect(ratesFromTraffic([{ at: second(0), calls: 4, flagged: 0 }], 10)).toEqual([]);
  });
});

describe('appendRate', () => {
  const point = (at: number, calls = 1) => ({ at, callsPerSecond: calls, flaggedPerSecond: 0 });

  it('appends newer points and forgets those older than the span', () => {
    const series = [point(1000), point(2000), point(3000)];
    expect(appendRate(series, point(4500), 2000).map((p) => p.at)).toEqual([3000, 4500]);
  });

  it('ignores a point that is not newer than the last one', () => {
    const series = [point(1000), point(2000)];
    expect(appendRate(series, point(2000, 99), 10_000)).toBe(series);
  });
});

describe('toChartSeries', () => {
  it('makes one line for calls and one for flagged calls', () => {
    const lines = toChartSeries([{ at: 1000, callsPerSecond: 3, flaggedPerSecond: 1 }]);
    expect(lines.map((line) => line.id)).toEqual(['Calls/s', 'Flagged/s']);
    expect(lines[1].data).toEqual([{ x: new Date(1000), y: 1 }]);
  });
});
