import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, repoRoot } from '../src/config';

interface Service {
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  profiles?: string[];
  ports?: string[];
}

const source = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');

/** The file as `docker compose` reads it: `${NAME:-default}` filled in from `env`, anchors merged. */
function composeWith(env: Record<string, string>): Record<string, Service> {
  const interpolated = source.replace(
    /\$\{(\w+)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => env[name] ?? fallback ?? '',
  );
  const services = (parse(interpolated, { merge: true }) as { services: Record<string, Service> }).services;
  // An empty value (`${OIDC_ISSUER:-}`) parses as null: compose passes it on as empty, i.e. unset.
  for (const service of Object.values(services)) {
    for (const [name, value] of Object.entries(service.environment ?? {}))
      if (value === null && service.environment) service.environment[name] = '';
  }
  return services;
}

/** The services a profile starts: those without profiles, and those naming it. */
const started = (services: Record<string, Service>, profile: string | null) =>
  Object.fromEntries(
    Object.entries(services).filter(
      ([, s]) => !s.profiles || (profile !== null && s.profiles.includes(profile)),
    ),
  );

describe('docker-compose.yml', () => {
  const services = composeWith({});

  it('starts postgres, redis, api and web by default, each with a healthcheck', () => {
    expect(Object.keys(started(services, null)).sort()).toEqual(['api', 'postgres', 'redis', 'web']);
    for (const service of Object.values(services))
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('builds every API instance and web from Dockerfiles that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres' || name === 'redis') continue;
      const build = service.build;
      expect(build, name).toBeDefined();
      expect(existsSync(path.join(repoRoot, build?.context ?? '', build?.dockerfile ?? ''))).toBe(true);
    }
  });

  it('starts the api only once postgres and redis are healthy, and points it at them', () => {
    const api = services.api;
    expect(api?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(api?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(api?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(loadConfig(api?.environment).INSTANCE_ROLE).toBe('all');
  });

  it('runs two API instances and two stream workers behind one Redis and one PostgreSQL with --profile scale', () => {
    const scale = started(composeWith({ SATARK_API_ROLE: 'api' }), 'scale');
    const instances = Object.entries(scale).filter(([, s]) => s.environment?.REDIS_URL);
    const configs = instances.map(([name, s]) => ({ name, config: loadConfig(s.environment), service: s }));
    const apis = configs.filter((c) => c.config.INSTANCE_ROLE === 'api');
    const workers = configs.filter((c) => c.config.INSTANCE_ROLE === 'worker');
    expect(apis.map((c) => c.name).sort()).toEqual(['api', 'api-2']);
    expect(workers.map((c) => c.name).sort()).toEqual(['worker-1', 'worker-2']);
    expect(configs).toHaveLength(4);
    // One Redis, one database, one namespace; workers share the partitions and run no simulator.
    expect(new Set(configs.map((c) => c.config.REDIS_URL))).toEqual(new Set(['redis://redis:6379']));
    expect(new Set(configs.map((c) => c.config.DATABASE_URL)).size).toBe(1);
    expect(new Set(configs.map((c) => c.config.REDIS_PREFIX)).size).toBe(1);
    expect(new Set(configs.map((c) => c.config.WORKER_ID ?? c.name)).size).toBe(4);
    for (const worker of workers) {
      expect(worker.config.SIMULATOR).toBe(false);
      expect(worker.config.REDIS_PARTITIONS).toBeGreaterThan(1);
      expect(worker.service.ports).toBeUndefined();
    }
    // API-only instances queue ingestCalls onto the workers' partitions: all agree on their number.
    expect(new Set(configs.map((c) => c.config.REDIS_PARTITIONS)).size).toBe(1);
    // Only one instance plays the demo traffic; both API instances are reachable on their own port.
    expect(configs.filter((c) => c.config.SIMULATOR).map((c) => c.name)).toEqual(['api']);
    expect(apis.map((c) => c.service.ports?.[0]?.split(':')[0]).sort()).toEqual(['4000', '4001']);
    // The others wait for the first API (migrations and the model) before they start.
    for (const { name, service } of configs) {
      if (name !== 'api') expect(service.depends_on?.api?.condition, name).toBe('service_healthy');
    }
  });
});
