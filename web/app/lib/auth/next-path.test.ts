import { describe, expect, it } from 'vitest';
import { loginPath, pagePathOf, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this site with its query', () => {
    expect(safeNextPath('/dashboard/alerts?status=OPEN')).toBe('/dashboard/alerts?status=OPEN');
  });

  it('sends links to other sites, schemes and the login page itself to the dashboard', () => {
    for (const hostile of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login?next=/login',
      '/auth/oidc/start',
      '/dash\nboard',
      '',
      null,
    ]) {
      expect(safeNextPath(hostile)).toBe('/dashboard');
    }
  });
});

describe('pagePathOf', () => {
  it('turns a single-fetch data request back into the page it is for', () => {
    expect(pagePathOf(new URL('http://x/dashboard/alerts.data?status=OPEN&_routes=root'))).toBe(
      '/dashboard/alerts?status=OPEN',
    );
    expect(pagePathOf(new URL('http://x/_root.data'))).toBe('/');
    expect(pagePathOf(new URL('http://x/dashboard?index'))).toBe('/dashboard');
  });
});

describe('loginPath', () => {
  it('carries where to go back to and why', () => {
    expect(loginPath('/dashboard/alerts?status=OPEN', 'expired')).toBe(
      '/login?next=%2Fdashboard%2Falerts%3Fstatus%3DOPEN&reason=expired',
    );
  });
});
