// Starts the real API on a free port against the test database, and talks to it over HTTP.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '../src/generated/prisma/client';
import { type RunningApi, type StartOptions, startApi } from '../src/server';
import { createApiKey } from '../src/services/api-keys';

export interface TestApi extends RunningApi {
  keys: Record<Role, string>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
}

export async function startTestApi(options: StartOptions = {}): Promise<TestApi> {
  const api = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: inject('databaseUrl'),
    simulator: false,
    logLevel: 'silent',
    ...options,
    env: {
      STREAM_INTERVAL_MS: '200',
      // Tests that need the campaign case sweep run it themselves; a timer would write audit
      // entries in the middle of other tests.
      CASE_GROUP_SWEEP_MS: '0',
      // The embedded test database is PGlite: one session, so one connection.
      ...(inject('embeddedDatabase') ? { DATABASE_POOL_SIZE: '1' } : {}),
      ...options.env,
    },
  });
  const keys = {} as Record<Role, string>;
  for (const role of ['ANALYST', 'OPERATOR', 'ADMIN'] as const) {
    keys[role] = (
      await createApiKey(api.app.db, { name: `test-${role}-${randomUUID().slice(0, 8)}`, role })
    ).key;
  }
  return {
    ...api,
    keys,
    async gql(query, variables, key) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...(await response.json()) };
    },
  };
}

const DAY_MS = 86_400_000;
/** 10:00 IST is 04:30 UTC. */
const IST_TEN_AM_UTC_MS = 4.5 * 3_600_000;
/** Simulated subscribers call through a working day and sleep at night. */
export const WORKING_HOURS_MS = 6 * 3_600_000;

/**
 * The start of the latest 10:00-16:00 IST stretch that ended at least two hours ago: simulated
 * traffic from it is a working day's whatever the time the test runs (six hours back from a run
 * at 06:00 IST held ~100 calls of 4 callers).
 */
export function workingHoursStart(now = Date.now()): number {
  const latestEnd = now - 2 * 3_600_000 - WORKING_HOURS_MS;
  return Math.floor((latestEnd - IST_TEN_AM_UTC_MS) / DAY_MS) * DAY_MS + IST_TEN_AM_UTC_MS;
}

/** A valid Indian mobile number (98 series) unlikely to repeat within a run. */
export function uniqueNumber(): string {
  return `+9198${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
}

export function callInput(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    callId: `t-${randomUUID()}`,
    caller: uniqueNumber(),
    receiver: uniqueNumber(),
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    durationSec: 42,
    originRegion: 'Delhi',
    targetRegion: 'Mumbai',
    ...overrides,
  };
}

/** Polls `check` until it gives a value (not undefined); fails after `timeoutMs`, saying `what`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
