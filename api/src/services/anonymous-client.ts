// Who an anonymous client is, for counting its lookups and its reports. Its socket address, but
// an IPv6 client is its /64: one subscriber line gets a whole /64 and can rotate through it at
// will, so counting per address would give it endless lookup budgets and endless "reporters".
import { isIPv4, isIPv6 } from 'node:net';

const ANONYMOUS = 'anonymous:';

/** "anonymous:<address>" with an IPv6 address reduced to its /64 and IPv4-mapped IPv6 unwrapped. */
export function anonymousClientId(actor: string): string {
  const address = actor.startsWith(ANONYMOUS) ? actor.slice(ANONYMOUS.length) : actor;
  return `${ANONYMOUS}${clientNetwork(address)}`;
}

export function clientNetwork(address: string): string {
  const plain = address.split('%')[0] ?? address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const hextets = expandIPv6(plain);
  return `${hextets.slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros ("2001:db8::1" → 2001, db8, 0, …, 1). */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail ("::1.2.3.4") takes two hextets.
  const last = right.length ? right : left;
  const v4 = last.length && isIPv4(last[last.length - 1] ?? '') ? last.pop() : undefined;
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array(missing).fill('0'), ...right].map((h) => Number.parseInt(h, 16).toString(16));
}
