// A campaign's call graph as the network chart draws it: members sized and coloured by
// risk, the people they called small and grey, one link per caller–receiver pair.
import { heatColour } from '~/components/regions/heat-colour';
import type { GraphLink, GraphNode } from './graphql/campaigns';

export const TARGET_COLOUR = '#7f8bb0';
/** A campaign number the model has not scored yet. */
export const UNSCORED_MEMBER_COLOUR = '#6ea8ff';
const TARGET_SIZE = 6;
const MEMBER_MIN_SIZE = 12;
const MEMBER_MAX_SIZE = 30;

/** A graph node as drawn: the API's roles folded into caller or target, with size and colour. */
export interface NetworkNode extends Omit<GraphNode, 'role'> {
  role: 'CALLER' | 'TARGET';
  size: number;
  colour: string;
}

export type NetworkLink = GraphLink;

export function memberSize(riskScore: number | null): number {
  const risk = Math.min(100, Math.max(0, riskScore ?? 0));
  return Math.round(MEMBER_MIN_SIZE + ((MEMBER_MAX_SIZE - MEMBER_MIN_SIZE) * risk) / 100);
}

function nodeColour(caller: boolean, riskScore: number | null): string {
  if (!caller) return TARGET_COLOUR;
  return riskScore === null ? UNSCORED_MEMBER_COLOUR : heatColour(riskScore / 10);
}

export function toNetwork(graph: { nodes: GraphNode[]; links: GraphLink[] }): {
  nodes: NetworkNode[];
  links: NetworkLink[];
} {
  const nodes: NetworkNode[] = graph.nodes.map((node) => {
    const caller = node.role === 'CALLER';
    return {
      id: node.id,
      number: node.number,
      role: caller ? 'CALLER' : 'TARGET',
      riskScore: node.riskScore,
      size: caller ? memberSize(node.riskScore) : TARGET_SIZE,
      colour: nodeColour(caller, node.riskScore),
    };
  });
  const ids = new Set(nodes.map((node) => node.id));
  // The chart throws on a link to a node it does not have (the API caps receivers per graph).
  const links = graph.links.filter((link) => ids.has(link.source) && ids.has(link.target));
  return { nodes, links };
}

export interface NetworkLayout {
  linkDistance: number;
  repulsivity: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Force-layout settings that fill the frame: a small ring gets long links and strong
 * repulsion (so members sharing targets separate); a big one short links and weak repulsion
 * (so its stars stay in view).
 */
export function layoutFor(nodeCount: number): NetworkLayout {
  const count = Math.max(1, nodeCount);
  return {
    linkDistance: Math.round(clamp(420 / Math.sqrt(count), 28, 110)),
    repulsivity: Math.round(clamp(600 / count, 6, 60)),
  };
}
