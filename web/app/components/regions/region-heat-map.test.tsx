import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RegionStat } from '~/lib/graphql/overview';
import { RegionHeatMap } from './region-heat-map';

const region = (name: string, calls: number, threatLevel = 0): RegionStat => ({
  region: name,
  calls,
  flaggedCalls: 0,
  flaggedRatio: 0,
  threatLevel,
  activeCampaigns: 0,
});

describe('RegionHeatMap', () => {
  it('says there were no calls instead of drawing an empty map', () => {
    const html = renderToStaticMarkup(<RegionHeatMap regions={[]} />);
    expect(html).toContain('No calls in the last 24 hours');
    expect(html).not.toContain('data-testid="region-map"');
  });

  it('puts a circle on the map for known regions and lists every region in the table', () => {
    const html = renderToStaticMarkup(
      <RegionHeatMap regions={[region('Delhi', 100, 8), region('Mumbai', 25), region('Unknown', 4)]} />,
    );
    expect(html.match(/<circle/g)).toHaveLength(2);
    for (const name of ['Delhi', 'Mumbai', 'Unknown']) expect(html).toContain(`<th scope="row">${name}</th>`);
  });

  it('orders the table by threat level, most threatened first', () => {
    const html = renderToStaticMarkup(
      <RegionHeatMap regions={[region('Chennai', 10, 1), region('Kolkata', 5, 9), region('Delhi', 50, 4)]} />,
    );
    const order = [...html.matchAll(/<th scope="row">(\w+)<\/th>/g)].map((match) => match[1]);
    expect(order).toEqual(['Kolkata', 'Delhi', 'Chennai']);
  });
});
