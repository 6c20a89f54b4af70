// Background work survives a database that goes away: the simulator and the other loops back
// off and carry on when it is back, and /ready and /metrics say what is failing meanwhile.
// The fault is real: the API reaches PostgreSQL through a TCP proxy that the test cuts.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, startTestApi, type TestApi } from './harness';

interface Proxy {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

async function proxyTo(databaseUrl: string): Promise<Proxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxied = new URL(databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: proxied.toString(),
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Component {
  name: string;
  state: string;
  required: boolean;
  restarts: number;
  lastError: string | null;
}

/** Waits for a value; a check that throws (a request during the outage) counts as not yet. */
const settled = <T>(what: string, check: () => Promise<T | undefined>) =>
  eventually(() => check().catch(() => undefined), 60_000, what);

let proxy: Proxy;
let api: TestApi;
const base = () => api.url.replace(/\/graphql$/, '');
const readiness = async () => {
  const response = await fetch(`${base()}/ready`);
  const body = (await response.json()) as { components: Component[] };
  const byName = Object.fromEntries(body.components.map((c) => [c.name, c]));
  return { status: response.status, byName };
};

beforeAll(async () => {
  proxy = await proxyTo(inject('databaseUrl'));
  api = await startTestApi({
    databaseUrl: proxy.url,
    simulator: true,
    env: {
      SIMULATOR_RATE: '200',
      SIMULATOR_CALLERS: '200',
      SIMULATOR_HISTORY_DAYS: '1',
      SIMULATOR_WARMUP_HOURS: '0',
      CAMPAIGN_INTERVAL_MS: '500',
    },
  });
});

afterAll(async () => {
  proxy?.restore();
  await api?.close();
  await proxy?.close();
});

describe('supervision', () => {
  it('keeps the simulator going through a database outage and reports it in /ready and /metrics', async () => {
    await settled('the simulator to store calls', async () => {
      const { byName } = await readiness();
      return byName.simulator?.state === 'running' ? true : undefined;
    });

    proxy.cut();
    const down = await settled('/ready to report the outage', async () => {
      const ready = await readiness();
      return ready.status === 503 && ready.byName.simulator?.state === 'degraded' ? ready : undefined;
    });
    expect(down.byName.database).toMatchObject({ state: 'degraded', required: true });
    expect(down.byName.simulator?.lastError).toBeTruthy();

    proxy.restore();
    const storedBefore = await settled('the database to answer again', async () =>
      (await readiness()).status === 200 ? api.app.db.callRecord.count() : undefined,
    );
    const back = await settled('the simulator to resume', async () => {
      const ready = await readiness();
      return ready.byName.simulator?.state === 'running' && ready.byName.simulator.restarts >= 1
        ? ready
        : undefined;
    });
    expect(back.status).toBe(200);
    await settled('new calls to be stored after the outage', async () =>
      (await api.app.db.callRecord.count()) > storedBefore ? true : undefined,
    );

    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/satark_component_failures_total\{component="simulator"\} [1-9]/);
    expect(metrics).toMatch(/satark_component_restarts\{component="simulator"\} [1-9]/);
    expect(metrics).toMatch(/satark_component_up\{component="database",required="true"\} 1/);
    // Every step a stored batch went through was timed.
    for (const step of ['deduplicate', 'score', 'commit', 'alerts']) {
      expect(metrics).toMatch(new RegExp(`satark_pipeline_step_seconds_count\\{step="${step}"\\} [1-9]`));
    }
  });
});
