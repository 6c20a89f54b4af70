// The real thing, end to end: the API in process on a free port against PostgreSQL, the
// dashboard's production server as a child process, and Debian's Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { type RunningApi, startApi } from '../../api/src/server';
import { createApiKey } from '../../api/src/services/api-keys';
import { CHROMIUM_PATH } from './chromium';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDirectory = path.resolve(webRoot, '../artifacts/screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export interface GraphqlResponse<Data> {
  data?: Data;
  errors?: { message: string }[];
}

export interface Stack {
  api: RunningApi;
  apiPort: number;
  webUrl: string;
  analystKey: string;
  operatorKey: string;
  browser: Browser;
  gql<Data>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphqlResponse<Data>>;
  ingest(calls: CallInput[]): Promise<void>;
  /** A page that records console errors and uncaught exceptions. */
  openPage(options?: { javaScript?: boolean; width?: number }): Promise<RecordedPage>;
  stopApi(): Promise<void>;
  restartApi(): Promise<void>;
  close(): Promise<void>;
}

export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
}

export interface CallInput {
  callId: string;
  caller: string;
  receiver: string;
  startedAt: string;
  durationSec: number;
  originRegion: string;
  targetRegion: string;
}

/** A valid Indian mobile number (98 series) unlikely to repeat within a run. */
export function uniqueNumber(): string {
  return `+9198${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
}

export function call(overrides: Partial<CallInput> = {}): CallInput {
  return {
    callId: `e2e-${randomUUID()}`,
    caller: uniqueNumber(),
    receiver: uniqueNumber(),
    startedAt: new Date(Date.now() - 5_000).toISOString(),
    durationSec: 95,
    originRegion: 'Delhi',
    targetRegion: 'Mumbai',
    ...overrides,
  };
}

async function launchApi(port: number, dashboardKey: string): Promise<RunningApi> {
  return startApi({
    port,
    host: '127.0.0.1',
    databaseUrl: inject('databaseUrl'),
    simulator: false,
    logLevel: 'silent',
    env: {
      DASHBOARD_API_KEY: dashboardKey,
      STREAM_INTERVAL_MS: '500',
      // PGlite is one session: one connection (see api/src/db.ts).
      ...(inject('embeddedDatabase') ? { DATABASE_POOL_SIZE: '1' } : {}),
    },
  });
}

function startWebServer(port: number, apiUrl: string, key: string): ChildProcess {
  const child = spawn(process.execPath, ['build/server.js'], {
    cwd: webRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      API_URL: apiUrl,
      DASHBOARD_API_KEY: key,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

export async function startStack(): Promise<Stack> {
  const analystKey = `sk_e2e_${randomUUID().replaceAll('-', '')}`;
  const apiPort = await freePort();
  let api = await launchApi(apiPort, analystKey);
  const operatorKey = (
    await createApiKey(api.app.db, { name: `e2e-operator-${randomUUID().slice(0, 8)}`, role: 'OPERATOR' })
  ).key;

  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const web = startWebServer(webPort, api.url, analystKey);
  await waitFor(async () => (await fetch(`${webUrl}/healthz`)).ok, 'the web server');

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  mkdirSync(screenshotDirectory, { recursive: true });

  const gql: Stack['gql'] = async (query, variables, key) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  return {
    get api() {
      return api;
    },
    apiPort,
    webUrl,
    analystKey,
    operatorKey,
    browser,
    gql,
    async ingest(calls) {
      const result = await gql<{ ingestCalls: { __typename: string; data?: { accepted: number } } }>(
        'mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) { __typename ... on MutationIngestCallsSuccess { data { accepted } } } }',
        { calls },
        operatorKey,
      );
      if (result.data?.ingestCalls.__typename !== 'MutationIngestCallsSuccess') {
        throw new Error(`ingestCalls failed: ${JSON.stringify(result)}`);
      }
    },
    async openPage({ javaScript = true, width = 1366 } = {}) {
      const context = await browser.newContext({
        javaScriptEnabled: javaScript,
        viewport: { width, height: 900 },
        timezoneId: 'Asia/Kolkata',
        locale: 'en-IN',
      });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      return { page, context, consoleErrors };
    },
    async stopApi() {
      await api.close();
    },
    async restartApi() {
      api = await launchApi(apiPort, analystKey);
    },
    async close() {
      await browser.close();
      web.kill('SIGTERM');
      await api.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}.png`), fullPage: true });
}
