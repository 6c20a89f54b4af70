import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '~/lib/graphql/fragments';
import { EventFeed } from './event-feed';

const event = (overrides: Partial<ThreatEvent>): ThreatEvent => ({
  id: 'e1',
  caller: '+919800000001',
  receiver: '+919800000002',
  region: 'Delhi',
  targetRegion: 'Mumbai',
  durationSec: 2,
  timestamp: '2026-11-24T00:58:00Z',
  flagged: false,
  riskScore: null,
  verdict: null,
  category: null,
  ...overrides,
});

describe('EventFeed', () => {
  it('marks calls the model has not scored as such, never with an invented verdict', () => {
    const html = renderToStaticMarkup(<EventFeed events={[event({})]} />);
    expect(html).toContain('Not scored');
    expect(html).not.toMatch(/badge--(safe|suspicious|dangerous)/);
  });

  it('shows a scored call’s verdict in words and colour with its risk', () => {
    const html = renderToStaticMarkup(
      <EventFeed events={[event({ verdict: 'DANGEROUS', riskScore: 91.24, category: 'WANGIRI' })]} />,
    );
    expect(html).toContain('badge--dangerous');
    expect(html).toContain('Dangerous 91.2');
    expect(html).toContain('Wangiri');
    expect(html).toContain('06:28:00');
  });

  it('explains the empty feed', () => {
    expect(renderToStaticMarkup(<EventFeed events={[]} />)).toContain('No calls yet');
  });
});
