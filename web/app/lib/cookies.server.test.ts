import { describe, expect, it } from 'vitest';
import {
  clearSessionCookie,
  oidcCookie,
  readSessionToken,
  secureCookies,
  serializeSessionCookie,
} from './cookies.server';

const request = (url: string, forwardedProto?: string) => ({
  url,
  headers: { get: (name: string) => (name === 'x-forwarded-proto' ? (forwardedProto ?? null) : null) },
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax, expires with the session, and reads back as the token', async () => {
    const token = `ses_${'A'.repeat(43)}`;
    const header = await serializeSessionCookie(token, new Date('2030-01-01T00:00:00Z'), false);
    expect(header).toMatch(/^satark_session=/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Expires=Tue, 01 Jan 2030 00:00:00 GMT');
    expect(header).not.toContain('Secure');
    expect(await readSessionToken(header.split(';')[0])).toBe(token);
  });

  it('is Secure over HTTPS, behind a proxy that says so, or when forced', () => {
    expect(secureCookies('auto', request('http://dash.test/'))).toBe(false);
    expect(secureCookies('auto', request('http://dash.test/', 'https'))).toBe(true);
    expect(secureCookies('auto', request('https://dash.test/'))).toBe(true);
    expect(secureCookies('on', request('http://dash.test/'))).toBe(true);
    expect(secureCookies('off', request('https://dash.test/'))).toBe(false);
  });

  it('ignores a cookie that does not hold a session token', async () => {
    const forged = `satark_session=${Buffer.from(JSON.stringify('sk_someone_elses_key')).toString('base64')}`;
    expect(await readSessionToken(forged)).toBeNull();
    expect(await readSessionToken('satark_session=%%%')).toBeNull();
    expect(await readSessionToken(null)).toBeNull();
  });

  it('is cleared by an expired cookie of the same name', async () => {
    expect(await clearSessionCookie(true)).toMatch(/^satark_session=; .*Max-Age=0/);
  });
});

describe('the single sign-on round-trip cookie', () => {
  it('reads back what was written, and nothing once tampered with', async () => {
    const cookie = oidcCookie('x'.repeat(32));
    const header = await cookie.serialize(
      { state: 's', nonce: 'n', codeVerifier: 'v', next: '/dashboard' },
      false,
    );
    expect(header).toContain('Path=/auth/oidc');
    const value = header.split(';')[0] ?? '';
    expect(await cookie.parse(value)).toEqual({
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      next: '/dashboard',
    });
    const tampered = `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    expect(await cookie.parse(tampered)).toBeNull();
    expect(await oidcCookie('y'.repeat(32)).parse(value)).toBeNull();
  });
});
