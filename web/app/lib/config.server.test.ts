import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.server';

describe('loadConfig', () => {
  it('points at the local API on port 4000 and serves on port 3000 when nothing is set', () => {
    const config = loadConfig({});
    expect(config.apiUrl).toBe('http://127.0.0.1:4000/graphql');
    expect(config.apiWebSocketUrl).toBe('ws://127.0.0.1:4000/graphql');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.cookieSecure).toBe('auto');
    expect(config.oidc).toBeNull();
  });

  it('derives a secure WebSocket address from an https API address', () => {
    const config = loadConfig({ API_URL: 'https://api.satark.example/graphql', PORT: '8080' });
    expect(config.apiWebSocketUrl).toBe('wss://api.satark.example/graphql');
    expect(config.port).toBe(8080);
  });

  it('reads single sign-on settings, and refuses an issuer without a client id', () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.in',
      OIDC_CLIENT_ID: 'satark',
      OIDC_NAME: 'Example SSO',
    });
    expect(config.oidc).toMatchObject({
      issuer: 'https://login.example.in',
      clientId: 'satark',
      name: 'Example SSO',
    });
    expect(config.oidc?.clientSecret).toBeNull();
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.in' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('refuses a cookie secret too short to sign with', () => {
    expect(() => loadConfig({ COOKIE_SECRET: 'short' })).toThrow(/COOKIE_SECRET/);
  });

  it('refuses an API address that is not http(s) and a port that is not a number', () => {
    expect(() => loadConfig({ API_URL: 'ftp://example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
