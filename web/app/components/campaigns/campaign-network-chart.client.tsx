import { ResponsiveNetwork } from '@nivo/network';
import { chartTheme } from '~/components/charts/chart-theme';
import { layoutFor, type NetworkLink, type NetworkNode } from '~/lib/campaign-graph';
import { formatDecimal } from '~/lib/format';

function NodeTooltip({ node }: { node: { data: NetworkNode } }) {
  const { data } = node;
  return (
    <div className="panel" style={{ padding: '0.4rem 0.6rem' }}>
      <strong className="mono">{data.number}</strong>
      <div className="list__meta">
        {data.role === 'CALLER' ? 'Campaign number' : 'Person called'}
        {data.riskScore === null ? '' : ` · risk ${formatDecimal(data.riskScore)}`}
      </div>
    </div>
  );
}

export default function CampaignNetworkChart({
  network,
}: {
  network: { nodes: NetworkNode[]; links: NetworkLink[] };
}) {
  const layout = layoutFor(network.nodes.length);
  return (
    <ResponsiveNetwork<NetworkNode, NetworkLink>
      data={network}
      theme={chartTheme}
      margin={{ top: 16, right: 16, bottom: 16, left: 16 }}
      // Nivo starts every node at the same point: a minimum distance keeps the first ticks from
      // flinging nodes away, and a bounded range keeps disconnected stars in the frame.
      linkDistance={(link) => layout.linkDistance + Math.min(20, link.calls * 2)}
      centeringStrength={0.6}
      repulsivity={layout.repulsivity}
      distanceMin={12}
      distanceMax={220}
      iterations={160}
      nodeSize={(node) => node.size}
      activeNodeSize={(node) => node.size * 1.4}
      inactiveNodeSize={(node) => node.size}
      nodeColor={(node) => node.colour}
      nodeBorderWidth={1}
      nodeBorderColor={{ from: 'color', modifiers: [['darker', 0.8]] }}
      linkThickness={(link) => Math.min(4, 1 + Math.log2(link.data.calls))}
      linkColor="#3b4a78"
      nodeTooltip={NodeTooltip}
      animate={false}
      // The surrounding figure carries the description for assistive technology.
      role="presentation"
    />
  );
}
