import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.server';

describe('loadConfig', () => {
  it('points at the local API on port 4000 and serves on port 3000 when nothing is set', () => {
    const config = loadConfig({});
    expect(config.apiUrl).toBe('http://127.0.0.1:4000/graphql');
    expect(config.apiWebSocketUrl).toBe('ws://127.0.0.1:4000/graphql');
    expect(config.port).toBe(3000);
    expect(config.dashboardApiKey).toBeNull();
  });

  it('derives a secure WebSocket address from an https API address', () => {
    const config = loadConfig({ API_URL: 'https://api.satark.example/graphql', PORT: '8080' });
    expect(config.apiWebSocketUrl).toBe('wss://api.satark.example/graphql');
    expect(config.port).toBe(8080);
  });

  it('keeps the dashboard key and treats an empty key as no key', () => {
    expect(loadConfig({ DASHBOARD_API_KEY: 'sk_abc' }).dashboardApiKey).toBe('sk_abc');
    expect(loadConfig({ DASHBOARD_API_KEY: '' }).dashboardApiKey).toBeNull();
  });

  it('refuses an API address that is not http(s) and a port that is not a number', () => {
    expect(() => loadConfig({ API_URL: 'ftp://example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
