// The JavaScript a page makes the browser download, from the production build: Remix's client
// entry and route manifest, root.tsx, the route modules, their imports and the chunks they load
// lazily (charts), gzipped. pages.test.ts checks in Chromium that a page loads nothing else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { javaScriptFor, readClientBuild } from './bundle-size';

const build = readClientBuild(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));

const KB = 1024;
const dashboardRoutes = [
  'routes/dashboard._index.tsx',
  'routes/dashboard.campaigns._index.tsx',
  'routes/dashboard.campaigns.$id.tsx',
  'routes/dashboard.lookup.tsx',
  'routes/dashboard.explainability.tsx',
  'routes/dashboard.alerts.tsx',
];

function pageBytes(routeModules: string[]): number {
  return build.pageFiles(routeModules).reduce((total, file) => total + build.gzippedSize(file), 0);
}

describe('JavaScript budgets on the production build', () => {
  it('keeps the landing page at or under 100 KB gzipped', () => {
    const bytes = pageBytes(['routes/_index.tsx']);
    console.log(`/ : ${(bytes / KB).toFixed(1)} KB gzipped`);
    expect(bytes).toBeLessThanOrEqual(100 * KB);
  });

  it.each(dashboardRoutes)('keeps %s at or under 250 KB gzipped, with its lazily loaded charts', (route) => {
    const bytes = pageBytes(['routes/dashboard.tsx', route]);
    console.log(`${route}: ${(bytes / KB).toFixed(1)} KB gzipped`);
    expect(bytes).toBeLessThanOrEqual(250 * KB);
  });

  it('does not ship the chart libraries to the landing page', () => {
    const landing = javaScriptFor(build.manifest, ['root.tsx', 'routes/_index.tsx']);
    const overview = javaScriptFor(build.manifest, [
      'root.tsx',
      'routes/dashboard.tsx',
      'routes/dashboard._index.tsx',
    ]);
    const chartChunks = [...overview].filter((file) => !landing.has(file) && /line-chart/.test(file));
    expect(chartChunks.length).toBeGreaterThan(0);
  });
});
