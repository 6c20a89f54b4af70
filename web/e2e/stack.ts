// The real thing, end to end: the API in process on a free port against PostgreSQL, the
// dashboard's production server as a child process, and Debian's Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { type RunningApi, startApi } from '../../api/src/server';
import { createAccount } from '../../api/src/services/accounts';
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

export type Role = 'ANALYST' | 'OPERATOR' | 'ADMIN' | 'AUDITOR';

/** Someone with an account, who signs in through the login page. */
export interface Person {
  id: string;
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface OpenPageOptions {
  javaScript?: boolean;
  width?: number;
  /**
   * Who is looking: a person (signed in through the login page), a role (the stack's own person with
   * that role), or 'public' (nobody signed in). Default: the stack's analyst.
   */
  as?: Person | Role | 'public';
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
  /** A page that records console errors and uncaught exceptions, signed in as `as`. */
  openPage(options?: OpenPageOptions): Promise<RecordedPage>;
  /** A new account with a known password (no password change asked). */
  createPerson(role: Role, options?: { mustChangePassword?: boolean; displayName?: string }): Promise<Person>;
  /** Signs in through the login page and waits to land on the dashboard. */
  signIn(page: Page, person: Person): Promise<void>;
  stopApi(): Promise<void>;
  restartApi(): Promise<void>;
  close(): Promise<void>;
}

export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  /** Who is signed in on it (null for the public). */
  person: Person | null;
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

// The API's first-start admin password goes to a throwaway directory, not the repository's .data.
const apiDataDirectory = mkdtempSync(path.join(tmpdir(), 'satark-e2e-'));

async function launchApi(
  port: number,
  dashboardKey: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningApi> {
  return startApi({
    port,
    host: '127.0.0.1',
    databaseUrl: inject('databaseUrl'),
    simulator: false,
    logLevel: 'silent',
    env: {
      // The API's own legacy key, used by the tests to seed data; the web server never gets it.
      DASHBOARD_API_KEY: dashboardKey,
      DATA_DIR: apiDataDirectory,
      STREAM_INTERVAL_MS: '500',
      // PGlite is one session: one connection (see api/src/db.ts).
      ...(inject('embeddedDatabase') ? { DATABASE_POOL_SIZE: '1' } : {}),
      ...extraEnv,
    },
  });
}

function startWebServer(port: number, apiUrl: string, extraEnv: Record<string, string>): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    API_URL: apiUrl,
    ...extraEnv,
  };
  // The dashboard acts for whoever signed in: it has no key of its own.
  delete env.DASHBOARD_API_KEY;
  const child = spawn(process.execPath, ['build/server.js'], {
    cwd: webRoot,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

export interface StackOptions {
  /** More settings for the web server (OIDC_ISSUER, …). */
  webEnv?: Record<string, string>;
  /** More settings for the API. */
  apiEnv?: Record<string, string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const analystKey = `sk_e2e_${randomUUID().replaceAll('-', '')}`;
  const apiPort = await freePort();
  let api = await launchApi(apiPort, analystKey, options.apiEnv);
  const operatorKey = (
    await createApiKey(api.app.db, { name: `e2e-operator-${randomUUID().slice(0, 8)}`, role: 'OPERATOR' })
  ).key;

  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const web = startWebServer(webPort, api.url, options.webEnv ?? {});
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

  const createPerson: Stack['createPerson'] = async (
    role,
    { mustChangePassword = false, displayName } = {},
  ) => {
    const suffix = randomUUID().slice(0, 8);
    const password = `e2e-${randomUUID()}`;
    const email = `${role.toLowerCase()}-${suffix}@e2e.satark.test`;
    const name = displayName ?? `${role.charAt(0)}${role.slice(1).toLowerCase()} ${suffix}`;
    const { account } = await createAccount(api.app.db, {
      email,
      displayName: name,
      role,
      password,
      mustChangePassword,
    });
    return { id: account.id, email, password, displayName: name, role };
  };

  const signIn: Stack['signIn'] = async (page, person) => {
    await page.goto(`${webUrl}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/dashboard'), { timeout: 30_000 });
  };

  // One person per role for the whole file, signed in once through the login page; later pages
  // reuse that browser state (the session cookie) instead of signing in again.
  const people = new Map<
    Role,
    Promise<{ person: Person; state: Awaited<ReturnType<BrowserContext['storageState']>> }>
  >();
  function signedInAs(role: Role) {
    let entry = people.get(role);
    if (!entry) {
      entry = (async () => {
        const person = await createPerson(role);
        const context = await browser.newContext();
        const page = await context.newPage();
        await signIn(page, person);
        const state = await context.storageState();
        await context.close();
        return { person, state };
      })();
      people.set(role, entry);
    }
    return entry;
  }

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
    createPerson,
    signIn,
    async openPage({ javaScript = true, width = 1366, as = 'ANALYST' } = {}) {
      const signedIn = typeof as === 'string' && as !== 'public' ? await signedInAs(as) : null;
      const storageState = signedIn?.state;
      const person = typeof as === 'object' ? as : (signedIn?.person ?? null);
      const context = await browser.newContext({
        javaScriptEnabled: javaScript,
        viewport: { width, height: 900 },
        timezoneId: 'Asia/Kolkata',
        locale: 'en-IN',
        storageState,
      });
      const page = await context.newPage();
      if (typeof as === 'object') await signIn(page, as);
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      return { page, context, consoleErrors, person };
    },
    async stopApi() {
      await api.close();
    },
    async restartApi() {
      api = await launchApi(apiPort, analystKey, options.apiEnv);
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
