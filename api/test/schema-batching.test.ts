// Relations are batched: a page of alerts with their campaigns, cases, assignees and case
// contents costs the same number of SQL statements for 3 alerts as for 12. Statements are
// counted at the driver (every query the Prisma client sends to PostgreSQL), so an N+1 coming
// back in any of these fields makes the counts differ.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Viewer } from '../src/auth';
import type { Context } from '../src/context';
import type { Db } from '../src/db';
import { PrismaClient } from '../src/generated/prisma/client';
import { schema } from '../src/schema';
import { startTestApi, type TestApi } from './harness';

interface Counter {
  statements: number;
}

/** `target` with every statement it sends counted (transactions' statements too). */
function counting<T extends object>(target: T, counter: Counter): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      if (key === 'queryRaw' || key === 'executeRaw') {
        return (...args: unknown[]) => {
          counter.statements += 1;
          return value.apply(object, args);
        };
      }
      if (key === 'startTransaction') {
        return async (...args: unknown[]) => counting(await value.apply(object, args), counter);
      }
      return value.bind(object);
    },
  });
}

function countingDb(connectionString: string): { db: Db; counter: Counter; close(): Promise<void> } {
  const counter = { statements: 0 };
  const pg = new PrismaPg({ connectionString, max: 4 });
  const adapter: SqlDriverAdapterFactory = {
    provider: pg.provider,
    adapterName: pg.adapterName,
    connect: async () => counting(await pg.connect(), counter),
  };
  const db = new PrismaClient({ adapter });
  return { db, counter, close: () => db.$disconnect() };
}

const analyst: Viewer = {
  role: 'ANALYST',
  keyId: null,
  keyName: 'batching-test',
  accountId: null,
  accountEmail: null,
  sessionId: null,
  actor: 'key:batching-test',
  client: '127.0.0.1',
};

const alertPage = parse(`
  query ($search: String!) {
    alerts(search: $search, first: 100) {
      totalCount
      edges {
        node {
          title
          acknowledger { displayName email }
          campaign { name members { number } }
          case {
            title
            assignee { displayName email }
            campaign { name }
            mergedInto { id }
            alerts { title }
            evidence { title }
            timeline(last: 5) { kind text }
          }
        }
      }
    }
  }
`);

interface AlertPage {
  alerts: {
    totalCount: number;
    edges: {
      node: {
        title: string;
        acknowledger: { displayName: string; email: string | null } | null;
        campaign: { name: string; members: unknown[] } | null;
        case: {
          title: string;
          assignee: { displayName: string; email: string | null } | null;
          campaign: { name: string } | null;
          alerts: { title: string }[];
          evidence: { title: string }[];
          timeline: { kind: string; text: string | null }[];
        } | null;
      };
    }[];
  };
}

/** `count` alerts, each with its own campaign and its own case (assigned, with evidence and notes). */
async function seed(db: Db, tag: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const now = new Date();
    const campaign = await db.campaign.create({
      data: {
        name: `ring ${tag} ${index}`,
        type: 'WANGIRI',
        firstSeen: now,
        lastSeen: now,
        regions: ['Delhi'],
      },
    });
    const account = await db.account.create({
      data: { email: `${tag}-${index}@batching.test`, displayName: `Analyst ${index}`, role: 'ANALYST' },
    });
    const alert = await db.alert.create({
      data: {
        kind: 'NEW_CAMPAIGN',
        severity: 'HIGH',
        title: `alert ${tag} ${index}`,
        message: 'seeded',
        campaignId: campaign.id,
        dedupeKey: `${tag}-${index}`,
        status: 'ACKNOWLEDGED',
        acknowledgedAt: now,
        acknowledgedBy: `account:${tag}-${index}@batching.test`,
      },
    });
    await db.case.create({
      data: {
        title: `case ${tag} ${index}`,
        priority: 'HIGH',
        dueAt: new Date(Date.now() + 3_600_000),
        openedBy: 'key:batching-test',
        assigneeId: account.id,
        campaignId: campaign.id,
        alerts: { create: { alertId: alert.id, addedBy: 'key:batching-test' } },
        evidence: { create: { title: `evidence ${index}`, body: 'text', addedBy: 'key:batching-test' } },
        events: { create: { kind: 'NOTE', actor: 'key:batching-test', text: `note ${index}` } },
      },
    });
  }
}

describe.runIf(!inject('embeddedDatabase'))('relations in lists are batched', () => {
  let api: TestApi;
  let counted: ReturnType<typeof countingDb>;

  beforeAll(async () => {
    api = await startTestApi();
    counted = countingDb(inject('databaseUrl'));
  });
  afterAll(async () => {
    await counted?.close();
    await api?.close();
  });

  async function statementsFor(count: number): Promise<number> {
    const tag = `batch${randomUUID().slice(0, 8)}`;
    await seed(api.app.db, tag, count);
    const context: Context = {
      app: { ...api.app, db: counted.db },
      viewer: analyst,
      requestId: randomUUID(),
    };
    counted.counter.statements = 0;
    const result = await execute({
      schema,
      document: alertPage,
      variableValues: { search: tag },
      contextValue: context,
    });
    const statements = counted.counter.statements;
    expect(result.errors).toBeUndefined();
    const page = result.data as unknown as AlertPage;
    expect(page.alerts.totalCount).toBe(count);
    for (const { node } of page.alerts.edges) {
      const index = node.title.split(' ').at(-1);
      expect(node.campaign?.name).toBe(`ring ${tag} ${index}`);
      expect(node.campaign?.members).toEqual([]);
      expect(node.case?.title).toBe(`case ${tag} ${index}`);
      // The viewer is an ANALYST: names, not emails (SECURITY.md).
      expect(node.case?.assignee).toEqual({ displayName: `Analyst ${index}`, email: null });
      expect(node.acknowledger).toEqual({ displayName: `Analyst ${index}`, email: null });
      expect(node.case?.campaign?.name).toBe(`ring ${tag} ${index}`);
      expect(node.case?.alerts).toEqual([{ title: node.title }]);
      expect(node.case?.evidence).toEqual([{ title: `evidence ${index}` }]);
      expect(node.case?.timeline).toEqual([{ kind: 'NOTE', text: `note ${index}` }]);
    }
    return statements;
  }

  it('reads a page of 3 alerts and a page of 12 with the same number of statements', async () => {
    const few = await statementsFor(3);
    const many = await statementsFor(12);
    // The page, its count, then one or two statements per relation, however many rows.
    expect(many).toBe(few);
  });
});
