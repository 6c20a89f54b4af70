// The client's address for throttling and the audit log. Requests relayed by a trusted proxy
// (the dashboard's server, a load balancer) carry the real client in X-Forwarded-For; anyone
// else could forge that header, so it is read only when the TCP peer is in TRUSTED_PROXIES.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** `TRUSTED_PROXIES` is a comma-separated list of addresses and CIDR ranges (10.0.0.0/8, fd00::/8). */
export function trustedProxies(setting: string): BlockList {
  const list = new BlockList();
  for (const entry of setting
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new RangeError(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

export function createClientAddress(trusted: BlockList) {
  return (request: IncomingMessage | undefined): string => {
    const peer = normalise(request?.socket.remoteAddress ?? 'unknown');
    if (!isIP(peer) || !trusted.check(peer, isIP(peer) === 6 ? 'ipv6' : 'ipv4')) return peer;
    const forwarded = request?.headers['x-forwarded-for'];
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => normalise(hop.trim()))
      .filter((hop) => isIP(hop));
    // The nearest hop that is not itself a trusted proxy is the client.
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i] as string;
      if (!trusted.check(hop, isIP(hop) === 6 ? 'ipv6' : 'ipv4')) return hop;
    }
    return hops[0] ?? peer;
  };
}
