import { describe, expect, it } from 'vitest';
import { layoutFor, memberSize, TARGET_COLOUR, toNetwork, UNSCORED_MEMBER_COLOUR } from './campaign-graph';

describe('toNetwork', () => {
  const graph = {
    nodes: [
      { id: '+911', number: '+911', role: 'CALLER', riskScore: 90 },
      { id: '+912', number: '+912', role: 'CALLER', riskScore: null },
      { id: '+913', number: '+913', role: 'TARGET', riskScore: null },
    ],
    links: [
      { source: '+911', target: '+913', calls: 4 },
      { source: '+912', target: '+999', calls: 1 },
    ],
  };

  it('draws riskier members bigger, and receivers small and grey', () => {
    const { nodes } = toNetwork(graph);
    const [risky, unscored, target] = nodes;
    expect(risky.size).toBeGreaterThan(unscored.size);
    expect(target.size).toBeLessThan(unscored.size);
    expect(target.colour).toBe(TARGET_COLOUR);
    expect(risky.colour).not.toBe(TARGET_COLOUR);
    expect(unscored.colour).toBe(UNSCORED_MEMBER_COLOUR);
  });

  it('drops links to nodes the graph does not include', () => {
    expect(toNetwork(graph).links).toEqual([{ source: '+911', target: '+913', calls: 4 }]);
  });
});

describe('memberSize', () => {
  it('grows with risk from 12 to 30 and treats unscored as lowest', () => {
    expect(memberSize(0)).toBe(12);
    expect(memberSize(100)).toBe(30);
    expect(memberSize(null)).toBe(12);
    expect(memberSize(250)).toBe(30);
  });
});

describe('layoutFor', () => {
  it('spreads a small ring out and packs a big one in', () => {
    const small = layoutFor(11);
    const big = layoutFor(156);
    expect(small.linkDistance).toBeGreaterThan(big.linkDistance);
    expect(small.repulsivity).toBeGreaterThan(big.repulsivity);
  });

  it('stays within bounds for one node and for thousands', () => {
    expect(layoutFor(1)).toEqual({ linkDistance: 110, repulsivity: 60 });
    expect(layoutFor(5000)).toEqual({ linkDistance: 28, repulsivity: 6 });
  });
});
