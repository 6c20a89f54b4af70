import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/config';

interface Service {
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
  };

  it('names postgres, redis, api and web, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'web']);
    for (const service of Object.values(compose.services))
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('builds api and web from Dockerfiles that exist', () => {
    for (const name of ['api', 'web']) {
      const build = compose.services[name]?.build;
      expect(build).toBeDefined();
      expect(existsSync(path.join(repoRoot, build?.context ?? '', build?.dockerfile ?? ''))).toBe(true);
    }
  });

  it('starts the api only once postgres and redis are healthy, and points it at them', () => {
    const api = compose.services.api;
    expect(api?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(api?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(api?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});
