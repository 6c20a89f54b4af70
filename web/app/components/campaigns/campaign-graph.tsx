import { lazy, useMemo } from 'react';
import { ClientOnly } from '~/components/charts/client-only';
import { EmptyState } from '~/components/feedback/empty-state';
import { TARGET_COLOUR, toNetwork, UNSCORED_MEMBER_COLOUR } from '~/lib/campaign-graph';
import type { GraphLink, GraphNode } from '~/lib/graphql/campaigns';

const CampaignNetworkChart = lazy(() => import('./campaign-network-chart.client'));

export function CampaignGraph({ graph }: { graph: { nodes: GraphNode[]; links: GraphLink[] } }) {
  // The layout is recomputed when the network changes identity: only when the data does.
  const network = useMemo(() => toNetwork(graph), [graph]);
  if (network.nodes.length === 0) {
    return (
      <EmptyState title="No calls recorded for this campaign’s numbers yet">
        <p>The graph fills in as its members’ calls are ingested.</p>
      </EmptyState>
    );
  }
  const callers = network.nodes.filter((node) => node.role === 'CALLER').length;
  return (
    <>
      <figure
        className="chart chart--graph"
        role="img"
        aria-label={`Call graph: ${callers} campaign numbers calling ${network.nodes.length - callers} people over ${network.links.length} links`}
        data-testid="campaign-graph"
        data-nodes={network.nodes.length}
        style={{ margin: 0 }}
      >
        <ClientOnly fallback={<div className="chart__placeholder">Loading the call graph…</div>}>
          {() => <CampaignNetworkChart network={network} />}
        </ClientOnly>
      </figure>
      <div className="graph-legend" aria-hidden="true">
        <span>
          <span className="graph-legend__dot" style={{ background: 'var(--danger)' }} />
          Campaign number (bigger and redder = riskier)
        </span>
        <span>
          <span className="graph-legend__dot" style={{ background: UNSCORED_MEMBER_COLOUR }} />
          Campaign number not scored yet
        </span>
        <span>
          <span className="graph-legend__dot" style={{ background: TARGET_COLOUR }} />
          Person called
        </span>
      </div>
    </>
  );
}
