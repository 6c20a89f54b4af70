import { describe, expect, it } from 'vitest';
import { anonymousClientId, clientNetwork } from '../src/services/anonymous-client';

describe('anonymous client identity', () => {
  it('is the address for IPv4, also when it arrives IPv4-mapped', () => {
    expect(anonymousClientId('anonymous:203.0.113.7')).toBe('anonymous:203.0.113.7');
    expect(anonymousClientId('anonymous:::ffff:203.0.113.7')).toBe('anonymous:203.0.113.7');
  });

  it('is the /64 for IPv6, so rotating addresses within one line does not make new clients', () => {
    const a = clientNetwork('2001:db8:1:2:aaaa::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe(a);
    expect(clientNetwork('2001:db8:1:2::7%eth0')).toBe(a);
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(a);
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1.2.3.4')).toBe('fe80:0:0:0::/64');
  });

  it('leaves what is not an address alone', () => {
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});
