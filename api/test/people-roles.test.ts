// The role matrix for people (session tokens) and keys, over HTTP and graphql-ws, with the
// read-only AUDITOR; and the lookup history analysts see.
import { randomUUID } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/services/api-keys';
import { eventually, startTestApi, type TestApi, uniqueNumber } from './harness';
import { type AccountRole, createPerson, sessionFor } from './people-support';

let api: TestApi;
const roles: AccountRole[] = ['ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'];
const tokens: Record<string, string> = {};
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi({ model: 'none' });
  for (const role of roles) {
    const person = await createPerson(api, role);
    tokens[`session ${role}`] = await sessionFor(api, person.email, person.password);
    tokens[`key ${role}`] = (
      await createApiKey(api.app.db, { name: `matrix-${role}`, role, ownerId: person.id })
    ).key;
  }
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api?.close();
});

const alertId = () => Buffer.from(`Alert:${randomUUID()}`).toString('base64');
const operations: Record<string, { query: () => string; allowed: AccountRole[] }> = {
  alerts: { query: () => '{ alerts(first: 1) { totalCount } }', allowed: roles },
  campaigns: { query: () => '{ campaigns(first: 1) { totalCount } }', allowed: roles },
  lookupHistory: { query: () => '{ lookupHistory(number: "+919812345678") { totalCount } }', allowed: roles },
  acknowledgeAlert: {
    query: () => `mutation { acknowledgeAlert(id: "${alertId()}") { __typename } }`,
    allowed: ['ANALYST', 'OPERATOR', 'ADMIN'],
  },
  ingestCalls: {
    query: () => 'mutation { ingestCalls(calls: []) { __typename } }',
    allowed: ['OPERATOR', 'ADMIN'],
  },
  apiKeys: { query: () => '{ apiKeys { id } }', allowed: ['ADMIN'] },
  accounts: { query: () => '{ accounts(first: 1) { totalCount } }', allowed: ['ADMIN'] },
  updateAccount: {
    query: () => `mutation { updateAccount(id: "${randomUUID()}", displayName: "x") { __typename } }`,
    allowed: ['ADMIN'],
  },
  auditLog: { query: () => '{ auditLog(first: 1) { totalCount } }', allowed: ['ADMIN', 'AUDITOR'] },
};

describe('the role matrix for people and their keys, over HTTP', () => {
  for (const [name, operation] of Object.entries(operations)) {
    for (const role of roles) {
      const may = operation.allowed.includes(role);
      for (const kind of ['session', 'key'] as const) {
        it(`a ${role} ${kind} ${may ? 'may' : 'may not'} use ${name}`, async () => {
          const result = await api.gql(operation.query(), {}, tokens[`${kind} ${role}`]);
          if (may) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
          else expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        });
      }
    }
    it(`the anonymous public may not use ${name}`, async () => {
      const result = await api.gql(operation.query(), {});
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  }
});

describe('the role matrix over graphql-ws', () => {
  const wsUrl = () => api.url.replace(/^http/, 'ws');
  function client(token: string): Client {
    const created = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    clients.push(created);
    return created;
  }

  type Result = { data?: unknown; errors?: readonly { message: string }[] };
  async function once(subscriber: Client, query: string): Promise<Result> {
    return new Promise((resolve, reject) => {
      let first: Result | undefined;
      subscriber.subscribe<unknown>(
        { query },
        {
          next: (value) => {
            first ??= value;
          },
          error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
          complete: () => resolve(first ?? {}),
        },
      );
    });
  }

  for (const role of roles) {
    const mayAudit = role === 'ADMIN' || role === 'AUDITOR';
    it(`a ${role} session over WebSocket ${mayAudit ? 'may' : 'may not'} read the audit log, and receives raised alerts`, async () => {
      const subscriber = client(tokens[`session ${role}`] as string);
      const audit = await once(subscriber, '{ auditLog(first: 1) { totalCount } }');
      if (mayAudit) expect(audit.errors).toBeUndefined();
      else expect(JSON.stringify(audit.errors)).toMatch(/not allowed for role/);

      const received: string[] = [];
      subscriber.subscribe<{ alertRaised: { title: string } }>(
        { query: 'subscription { alertRaised { title } }' },
        {
          next: (value) => {
            if (value.data) received.push(value.data.alertRaised.title);
          },
          error: () => {},
          complete: () => {},
        },
      );
      const title = `matrix ${role} ${randomUUID()}`;
      await eventually(async () => {
        await api.app.alerts.raise({
          kind: 'BURST',
          severity: 'LOW',
          title,
          message: 'role matrix',
          number: uniqueNumber(),
          dedupeKey: `matrix:${randomUUID()}`,
        });
        return received.includes(title) ? true : undefined;
      });
    });
  }
});

describe('lookup history', () => {
  it('records every checkNumber by a person or key (who, which number, the verdict), not anonymous ones, and shows it to analysts', async () => {
    const number = uniqueNumber();
    const check = `{ checkNumber(number: "${number}") { ... on QueryCheckNumberSuccess { data { verdict } } } }`;
    await api.gql(check, {});
    await api.gql(check, {}, tokens['session ANALYST']);
    await api.gql(check, {}, tokens['key OPERATOR']);
    const history = await api.gql<{
      lookupHistory: {
        totalCount: number;
        edges: { node: { number: string; actor: string; verdict: string } }[];
      };
    }>(
      'query($n: String!) { lookupHistory(number: $n) { totalCount edges { node { number actor verdict } } } }',
      { n: number },
      tokens['session AUDITOR'],
    );
    expect(history.data?.lookupHistory.totalCount).toBe(2);
    const actors = history.data?.lookupHistory.edges.map((edge) => edge.node.actor) ?? [];
    expect(actors).toEqual(['key:matrix-OPERATOR', expect.stringMatching(/^account:analyst-/)]);
    expect(history.data?.lookupHistory.edges.every((edge) => edge.node.verdict === 'UNKNOWN')).toBe(true);

    const onTheNumber = await api.gql<{ checkNumber: { data: { lookups: { actor: string }[] } } }>(
      `{ checkNumber(number: "${number}") { ... on QueryCheckNumberSuccess { data { lookups(first: 5) { actor } } } } }`,
      {},
      tokens['key ANALYST'],
    );
    // The check itself is recorded before its lookups are read.
    // An ANALYST sees the person's display name, not their email (the AUDITOR above sees the email).
    expect(onTheNumber.data?.checkNumber.data.lookups.map((lookup) => lookup.actor)).toEqual([
      'key:matrix-ANALYST',
      'key:matrix-OPERATOR',
      'account:Test person',
    ]);
    const anonymousLookups = await api.gql(
      `{ checkNumber(number: "${number}") { ... on QueryCheckNumberSuccess { data { lookups { actor } } } } }`,
      {},
    );
    expect(anonymousLookups.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const invalid = await api.gql(
      '{ lookupHistory(number: "not a number") { totalCount } }',
      {},
      tokens['key ANALYST'],
    );
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('forgets lookups older than LOOKUP_HISTORY_DAYS', async () => {
    const { deleteOldLookups } = await import('../src/services/lookups');
    const number = uniqueNumber();
    await api.app.db.numberLookup.create({
      data: { number, actor: 'key:old', verdict: 'SAFE', at: new Date(Date.now() - 91 * 86_400_000) },
    });
    await api.app.db.numberLookup.create({ data: { number, actor: 'key:recent', verdict: 'SAFE' } });
    await deleteOldLookups(api.app.db, 90);
    const left = await api.app.db.numberLookup.findMany({ where: { number } });
    expect(left.map((lookup) => lookup.actor)).toEqual(['key:recent']);
  });
});

describe('display names, not emails', () => {
  it('an acknowledgement, a resolution, an assignment and a case timeline show the display name; the email only to ADMIN and AUDITOR', async () => {
    const person = await createPerson(api, 'ANALYST');
    const displayName = `Priya Sharma ${randomUUID().slice(0, 6)}`;
    await api.gql(
      'mutation($id: ID!, $n: String!) { updateAccount(id: $id, displayName: $n) { __typename } }',
      { id: person.id, n: displayName },
      api.keys.ADMIN,
    );
    const session = await sessionFor(api, person.email, person.password);
    const tag = `names${randomUUID().slice(0, 8)}`;
    const alerts = await Promise.all(
      ['acked', 'resolved'].map((which) =>
        api.app.db.alert.create({
          data: {
            kind: 'NUMBER_DANGEROUS',
            severity: 'HIGH',
            title: `${which} ${tag}`,
            message: 'Risk 95/100',
            number: uniqueNumber(),
            dedupeKey: `names:${randomUUID()}`,
          },
        }),
      ),
    );
    const [acked, resolved] = alerts.map((alert) => Buffer.from(`Alert:${alert.id}`).toString('base64'));
    await api.gql('mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }', { id: acked }, session);
    await api.gql(
      'mutation($id: ID!) { resolveAlert(id: $id, resolution: "blocked") { __typename } }',
      { id: resolved },
      session,
    );
    const opened = await api.gql<{ createCase: { data: { id: string } } }>(
      'mutation { createCase(title: "names", priority: LOW) { ... on MutationCreateCaseSuccess { data { id } } } }',
      {},
      session,
    );
    const caseId = opened.data?.createCase.data.id as string;
    await api.gql(
      'mutation($id: ID!, $a: ID) { assignCase(id: $id, accountId: $a) { __typename } }',
      { id: caseId, a: person.id },
      api.keys.ADMIN,
    );

    const person_ = '{ kind displayName email accountId }';
    const read = `query($s: String!, $c: ID!) {
      alerts(search: $s, first: 5) { edges { node { title acknowledgedBy acknowledger ${person_} resolvedBy resolver ${person_} } } }
      case(id: $c) { openedBy assignee { id displayName email } timeline { actor text by ${person_} } }
    }`;
    type Read = {
      alerts: { edges: { node: { title: string } & Record<string, unknown> }[] };
      case: Record<string, unknown>;
    };
    const alertNamed = (data: Read | undefined, which: string) =>
      data?.alerts.edges.find((edge) => edge.node.title === `${which} ${tag}`)?.node;
    const asAnalyst = await api.gql<Read>(read, { s: tag, c: caseId }, tokens['key ANALYST']);
    expect(asAnalyst.errors, JSON.stringify(asAnalyst.errors)).toBeUndefined();
    // Nowhere in what another analyst reads is the email.
    expect(JSON.stringify(asAnalyst.data)).not.toContain(person.email);
    const who = { kind: 'ACCOUNT', displayName, email: null, accountId: person.id };
    expect(alertNamed(asAnalyst.data, 'acked')).toMatchObject({
      acknowledgedBy: `account:${displayName}`,
      acknowledger: who,
    });
    expect(alertNamed(asAnalyst.data, 'resolved')).toMatchObject({
      resolvedBy: `account:${displayName}`,
      acknowledger: who,
      resolver: who,
    });
    expect(asAnalyst.data).toMatchObject({
      case: {
        openedBy: `account:${displayName}`,
        assignee: { id: person.id, displayName, email: null },
      },
    });
    const timeline =
      (asAnalyst.data?.case as { timeline: { text: string; by: unknown }[] } | undefined)?.timeline ?? [];
    expect(timeline.some((event) => event.text === `Assigned to ${displayName}`)).toBe(true);
    expect(timeline.find((event) => event.text === 'Opened')?.by).toEqual(who);

    for (const token of [api.keys.ADMIN, tokens['session AUDITOR']]) {
      const privileged = await api.gql<Read>(read, { s: tag, c: caseId }, token);
      expect(privileged.errors).toBeUndefined();
      expect(alertNamed(privileged.data, 'acked')).toMatchObject({
        acknowledgedBy: `account:${person.email}`,
        acknowledger: { ...who, email: person.email },
      });
      expect(privileged.data).toMatchObject({ case: { assignee: { displayName, email: person.email } } });
    }
  });
});
