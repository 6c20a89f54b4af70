// Cases, labels and alert triage, through the real API (HTTP and graphql-ws) on real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES } from '@satark/ml';
import { runNodeScript } from '@satark/ml/testing';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { AlertKind, AlertSeverity } from '../src/generated/prisma/client';
import { verifyAuditChain } from '../src/services/audit';
import { eventually, startTestApi, type TestApi, uniqueNumber } from './harness';
import { createPerson, sessionFor } from './people-support';
import { redisReachable, testRedisUrl } from './redis-support';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const rawId = (global: string) =>
  Buffer.from(global, 'base64').toString('utf8').split(':').slice(1).join(':');

let api: TestApi;
const clients: Client[] = [];
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await api.close();
});

const CASE = `id number title status priority dueAt slaBreached disposition dispositionReason groupKey
  assignee { id email } alerts { id status } numbers { number riskScore verdict features }
  evidence { id title body } timeline { kind text actor } mergedInto { id } campaign { id }`;

interface CaseView {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string;
  slaBreached: boolean;
  disposition: string | null;
  dispositionReason: string | null;
  groupKey: string | null;
  assignee: { id: string; email: string } | null;
  alerts: { id: string; status: string }[];
  numbers: { number: string; riskScore: number | null; verdict: string | null; features: unknown }[];
  evidence: { id: string; title: string; body: string }[];
  timeline: { kind: string; text: string | null; actor: string }[];
  mergedInto: { id: string } | null;
  campaign: { id: string } | null;
}

interface Outcome {
  __typename: string;
  data?: CaseView;
  message?: string;
  code?: string;
}

/** Runs a case mutation and returns its result union member (data or typed error). */
async function mutate(
  field: string,
  args: string,
  variables: Record<string, unknown>,
  key: string = api.keys.ANALYST,
): Promise<Outcome> {
  const params = Object.keys(variables)
    .map((name) => `$${name}: ${variableTypes[name]}`)
    .join(', ');
  const response = await api.gql<Record<string, Outcome>>(
    `mutation${params ? `(${params})` : ''} { ${field}(${args}) {
      __typename
      ... on Error { message code }
      ... on Mutation${field[0].toUpperCase()}${field.slice(1)}Success { data { ${CASE} } }
    } }`,
    variables,
    key,
  );
  if (!response.data) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
  return response.data[field] as Outcome;
}

const variableTypes: Record<string, string> = {
  id: 'ID!',
  targetId: 'ID!',
  sourceId: 'ID!',
  title: 'String!',
  text: 'String!',
  reason: 'String!',
  priority: 'CasePriority!',
  status: 'CaseStatus!',
  disposition: 'CaseDisposition!',
  alertIds: '[ID!]',
  numbers: '[String!]',
  campaignId: 'ID',
  accountId: 'ID',
  evidence: 'CaseEvidenceInput',
};

/** A NUL in any text is refused before anything runs; returns the error code. */
async function refusedNul(call: string, variables: Record<string, unknown>): Promise<string | undefined> {
  const response = await api.gql(
    `mutation($text: String!${'id' in variables ? ', $id: ID!' : ''}) { ${call} { __typename } }`,
    { ...variables, text: 'fraud\u0000ring' },
    api.keys.ANALYST,
  );
  expect(response.data).toBeUndefined();
  return response.errors?.[0]?.extensions?.code;
}

async function readCase(id: string, key = api.keys.ANALYST): Promise<CaseView> {
  const response = await api.gql<{ case: CaseView }>(
    `query($id: ID!) { case(id: $id) { ${CASE} } }`,
    { id },
    key,
  );
  if (!response.data?.case) throw new Error(`case: ${JSON.stringify(response)}`);
  return response.data.case;
}

/** An alert stored as the pipeline stores it (not through the raiser, so it is not grouped). */
async function storedAlert(number: string | null = uniqueNumber(), severity: AlertSeverity = 'HIGH') {
  const alert = await api.app.db.alert.create({
    data: {
      kind: 'NUMBER_DANGEROUS',
      severity,
      title: `${number} turned DANGEROUS`,
      message: 'Risk 95/100',
      number,
      dedupeKey: `case-test:${randomUUID()}`,
    },
  });
  return { ...alert, gid: gid('Alert', alert.id) };
}

function featuresFor(fraud: boolean): Record<string, number> {
  return Object.fromEntries(
    FEATURE_NAMES.map((name, i) => [name, fraud ? 50 + i + Math.random() * 10 : 1 + i * 0.1 + Math.random()]),
  );
}

/** A scored number, as the pipeline leaves it. */
async function scoredNumber(fraud = true) {
  const number = uniqueNumber();
  await api.app.db.phoneNumber.create({
    data: {
      number,
      riskScore: fraud ? 93 : 12,
      verdict: fraud ? 'DANGEROUS' : 'SAFE',
      features: featuresFor(fraud),
      reasons: [{ feature: 'calls_per_hour', text: 'many calls an hour' }],
      modelVersion: 'test-model',
      scoredAt: new Date(),
    },
  });
  return number;
}

async function openCase(variables: Record<string, unknown> = {}): Promise<CaseView> {
  const outcome = await mutate(
    'createCase',
    'title: $title, priority: $priority, alertIds: $alertIds, numbers: $numbers',
    {
      title: `Case ${randomUUID().slice(0, 6)}`,
      priority: 'MEDIUM',
      alertIds: [],
      numbers: [],
      ...variables,
    },
  );
  if (!outcome.data) throw new Error(`createCase: ${JSON.stringify(outcome)}`);
  return outcome.data;
}

function wsClient(key: string): Client {
  const client = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${key}` },
  });
  clients.push(client);
  return client;
}

describe('opening and working a case', () => {
  it('opens a case from alerts and numbers with a CASE number, an SLA due time and the model’s explanation of each number', async () => {
    const alert = await storedAlert();
    const number = await scoredNumber();
    const before = Date.now();
    const created = await openCase({ priority: 'CRITICAL', alertIds: [alert.gid], numbers: [number] });
    expect(created.number).toMatch(/^CASE-\d{6}$/);
    expect(created).toMatchObject({
      status: 'OPEN',
      priority: 'CRITICAL',
      slaBreached: false,
      assignee: null,
    });
    const dueInHours = (new Date(created.dueAt).getTime() - before) / 3600_000;
    expect(dueInHours).toBeGreaterThan(3.9);
    expect(dueInHours).toBeLessThan(4.1);
    expect(created.alerts.map((a) => a.id)).toEqual([alert.gid]);
    expect(created.numbers[0]).toMatchObject({ number, riskScore: 93, verdict: 'DANGEROUS' });
    expect(created.numbers[0].features).toHaveProperty('calls_per_hour');
    expect(created.timeline.map((e) => e.kind)).toEqual(['NOTE', 'ALERT_ADDED', 'NUMBER_ADDED']);
  });

  it('accepts numbers as people type them and refuses one that is not a number, changing nothing', async () => {
    const typed = await openCase({ numbers: ['098 1234 5678'] });
    expect(typed.numbers.map((n) => n.number)).toEqual(['+919812345678']);
    const count = await api.app.db.case.count();
    const bad = await mutate('createCase', 'title: $title, priority: $priority, numbers: $numbers', {
      title: 'bad number',
      priority: 'LOW',
      numbers: ['not a number'],
    });
    expect(bad.__typename).toBe('InvalidNumberError');
    expect(await api.app.db.case.count()).toBe(count);
  });

  it('refuses a missing, over-long or NUL title, an unknown alert and an alert already in another case', async () => {
    const count = await api.app.db.case.count();
    expect(await refusedNul('createCase(title: $text, priority: LOW)', {})).toBe('BAD_USER_INPUT');
    for (const title of ['   ', 'x'.repeat(201)]) {
      const outcome = await mutate('createCase', 'title: $title, priority: $priority', {
        title,
        priority: 'LOW',
      });
      expect(outcome.__typename).toBe('ValidationError');
    }
    const unknown = await mutate('createCase', 'title: $title, priority: $priority, alertIds: $alertIds', {
      title: 't',
      priority: 'LOW',
      alertIds: [gid('Alert', randomUUID())],
    });
    expect(unknown).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const alert = await storedAlert();
    await openCase({ alertIds: [alert.gid] });
    const again = await mutate('createCase', 'title: $title, priority: $priority, alertIds: $alertIds', {
      title: 't',
      priority: 'LOW',
      alertIds: [alert.gid],
    });
    expect(again.__typename).toBe('ValidationError');
    expect(await api.app.db.case.count()).toBe(count + 1);
  });

  it('assigns to an enabled analyst, and refuses a disabled account, an AUDITOR and an unknown id', async () => {
    const analyst = await createPerson(api, 'ANALYST');
    const auditor = await createPerson(api, 'AUDITOR');
    const disabled = await createPerson(api, 'ANALYST');
    await api.gql(
      'mutation($id: ID!) { updateAccount(id: $id, enabled: false) { __typename } }',
      { id: disabled.id },
      api.keys.ADMIN,
    );
    const created = await openCase();
    const assigned = await mutate('assignCase', 'id: $id, accountId: $accountId', {
      id: created.id,
      accountId: analyst.id,
    });
    // An ANALYST key sees who, not their email (ADMIN and AUDITOR do: people-roles.test.ts).
    expect(assigned.data?.assignee).toEqual({ id: analyst.id, email: null });
    for (const accountId of [auditor.id, disabled.id]) {
      const refused = await mutate('assignCase', 'id: $id, accountId: $accountId', {
        id: created.id,
        accountId,
      });
      expect(refused).toMatchObject({ __typename: 'InvalidAssigneeError', code: 'INVALID_ASSIGNEE' });
    }
    const unknown = await mutate('assignCase', 'id: $id, accountId: $accountId', {
      id: created.id,
      accountId: randomUUID(),
    });
    expect(unknown.__typename).toBe('NotFoundError');
    expect((await readCase(created.id)).assignee?.id).toBe(analyst.id);

    // The analyst finds it under "assigned to me".
    const session = await sessionFor(api, analyst.email, analyst.password);
    const mine = await api.gql<{ cases: { totalCount: number; edges: { node: { id: string } }[] } }>(
      'query { cases(filter: { assignee: "me" }) { totalCount edges { node { id } } } }',
      {},
      session,
    );
    expect(mine.data?.cases.edges.map((e) => e.node.id)).toEqual([created.id]);
    const unassigned = await mutate('assignCase', 'id: $id, accountId: $accountId', {
      id: created.id,
      accountId: null,
    });
    expect(unassigned.data?.assignee).toBeNull();
  });

  it('lets an AUDITOR read cases but change nothing', async () => {
    const auditor = await createPerson(api, 'AUDITOR');
    const session = await sessionFor(api, auditor.email, auditor.password);
    const created = await openCase();
    expect((await readCase(created.id, session)).id).toBe(created.id);
    const refused = await api.gql(
      'mutation($id: ID!) { commentOnCase(id: $id, text: "hello") { __typename } }',
      { id: created.id },
      session,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await readCase(created.id)).timeline.filter((e) => e.kind === 'NOTE')).toHaveLength(1);
  });

  it('follows the status rules: illegal moves, closing without a reason and acting on a closed case are refused', async () => {
    const alert = await storedAlert();
    const created = await openCase({ alertIds: [alert.gid] });
    const id = created.id;
    const status = (s: string) => mutate('setCaseStatus', 'id: $id, status: $status', { id, status: s });
    expect((await status('INVESTIGATING')).data?.status).toBe('INVESTIGATING');
    expect((await status('ESCALATED')).data?.status).toBe('ESCALATED');
    expect(await status('OPEN')).toMatchObject({
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
    });
    expect(await status('ESCALATED')).toMatchObject({ __typename: 'InvalidTransitionError' });
    expect(await status('CLOSED')).toMatchObject({ __typename: 'InvalidTransitionError' });
    expect(await refusedNul('closeCase(id: $id, disposition: INCONCLUSIVE, reason: $text)', { id })).toBe(
      'BAD_USER_INPUT',
    );
    for (const reason of ['', '   ', 'r'.repeat(2001)]) {
      const close = await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
        id,
        disposition: 'INCONCLUSIVE',
        reason,
      });
      expect(close.__typename).toBe('ValidationError');
    }
    expect((await readCase(id)).status).toBe('ESCALATED');
    const closed = await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id,
      disposition: 'INCONCLUSIVE',
      reason: 'Subscriber unreachable',
    });
    expect(closed.data).toMatchObject({
      status: 'CLOSED',
      disposition: 'INCONCLUSIVE',
      dispositionReason: 'Subscriber unreachable',
    });
    expect(closed.data?.alerts[0].status).toBe('RESOLVED');
    expect(await status('INVESTIGATING')).toMatchObject({ __typename: 'InvalidTransitionError' });
    const closeAgain = await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id,
      disposition: 'FRAUD_CONFIRMED',
      reason: 'again',
    });
    expect(closeAgain.__typename).toBe('InvalidTransitionError');
    const add = await mutate('addToCase', 'id: $id, numbers: $numbers', { id, numbers: [uniqueNumber()] });
    expect(add.__typename).toBe('InvalidTransitionError');
    const reopened = await mutate('reopenCase', 'id: $id, reason: $reason', {
      id,
      reason: 'Subscriber called back',
    });
    expect(reopened.data).toMatchObject({ status: 'OPEN', disposition: null });
    expect(reopened.data?.timeline.map((e) => e.kind).slice(-2)).toEqual(['CLOSED', 'REOPENED']);
    const reopenOpen = await mutate('reopenCase', 'id: $id, reason: $reason', { id, reason: 'x' });
    expect(reopenOpen.__typename).toBe('InvalidTransitionError');
  });

  it('keeps notes and text evidence on the timeline and refuses over-long or NUL text', async () => {
    const { id } = await openCase();
    const noted = await mutate('commentOnCase', 'id: $id, text: $text', { id, text: 'Called the bank' });
    expect(noted.data?.timeline.at(-1)).toMatchObject({ kind: 'NOTE', text: 'Called the bank' });
    const body = 'b'.repeat(20_000);
    const added = await mutate('addToCase', 'id: $id, evidence: $evidence', {
      id,
      evidence: { title: 'Bank statement', body },
    });
    expect(added.data?.evidence).toMatchObject([{ title: 'Bank statement', body }]);
    const tooLong = await mutate('addToCase', 'id: $id, evidence: $evidence', {
      id,
      evidence: { title: 'Too long', body: `${body}b` },
    });
    expect(tooLong.__typename).toBe('ValidationError');
    expect(await refusedNul('commentOnCase(id: $id, text: $text)', { id })).toBe('BAD_USER_INPUT');
    for (const text of ['', 'n'.repeat(5001)]) {
      expect((await mutate('commentOnCase', 'id: $id, text: $text', { id, text })).__typename).toBe(
        'ValidationError',
      );
    }
    const empty = await mutate('addToCase', 'id: $id', { id });
    expect(empty.__typename).toBe('ValidationError');
    const unknown = await mutate('commentOnCase', 'id: $id, text: $text', {
      id: gid('Case', randomUUID()),
      text: 'x',
    });
    expect(unknown.__typename).toBe('NotFoundError');
    const wrongType = await mutate('commentOnCase', 'id: $id, text: $text', {
      id: gid('Alert', randomUUID()),
      text: 'x',
    });
    expect(wrongType.__typename).toBe('NotFoundError');
    const timeline = (await readCase(id)).timeline;
    expect(timeline.map((e) => e.kind)).toEqual(['NOTE', 'NOTE', 'EVIDENCE']);
  });

  it('merges one case into another: everything moves, the source is closed as merged, both timelines say so', async () => {
    const shared = await scoredNumber();
    const [a1, b1] = [await storedAlert(), await storedAlert()];
    const target = await openCase({ alertIds: [a1.gid], numbers: [shared] });
    const other = await scoredNumber();
    const source = await openCase({ alertIds: [b1.gid], numbers: [shared, other], priority: 'CRITICAL' });
    await mutate('addToCase', 'id: $id, evidence: $evidence', {
      id: source.id,
      evidence: { title: 'Note', body: 'from B' },
    });
    expect(
      await mutate('mergeCases', 'targetId: $targetId, sourceId: $sourceId', {
        targetId: target.id,
        sourceId: target.id,
      }),
    ).toMatchObject({ __typename: 'InvalidTransitionError' });
    const merged = await mutate('mergeCases', 'targetId: $targetId, sourceId: $sourceId', {
      targetId: target.id,
      sourceId: source.id,
    });
    expect(merged.data?.alerts.map((a) => a.id).sort()).toEqual([a1.gid, b1.gid].sort());
    expect(merged.data?.numbers.map((n) => n.number).sort()).toEqual([shared, other].sort());
    expect(merged.data?.evidence.map((e) => e.body)).toEqual(['from B']);
    expect(merged.data?.priority).toBe('CRITICAL');
    expect(merged.data?.timeline.at(-1)?.kind).toBe('MERGED');
    const closedSource = await readCase(source.id);
    expect(closedSource).toMatchObject({
      status: 'CLOSED',
      mergedInto: { id: target.id },
      alerts: [],
      numbers: [],
    });
    expect(closedSource.timeline.at(-1)?.kind).toBe('MERGED');
    // A closed (merged) case can be neither merged again nor reopened.
    const third = await openCase();
    expect(
      (
        await mutate('mergeCases', 'targetId: $targetId, sourceId: $sourceId', {
          targetId: third.id,
          sourceId: source.id,
        })
      ).__typename,
    ).toBe('InvalidTransitionError');
    expect(
      (await mutate('reopenCase', 'id: $id, reason: $reason', { id: source.id, reason: 'x' })).__typename,
    ).toBe('InvalidTransitionError');
    const unknown = await mutate('mergeCases', 'targetId: $targetId, sourceId: $sourceId', {
      targetId: target.id,
      sourceId: gid('Case', randomUUID()),
    });
    expect(unknown.__typename).toBe('NotFoundError');
  });

  it('splits chosen alerts and numbers off into a new case and refuses ones the case does not have', async () => {
    const [a1, a2] = [await storedAlert(), await storedAlert()];
    const [n1, n2] = [uniqueNumber(), uniqueNumber()];
    const original = await openCase({ alertIds: [a1.gid, a2.gid], numbers: [n1, n2] });
    const stranger = await mutate('splitCase', 'id: $id, title: $title, numbers: $numbers', {
      id: original.id,
      title: 'Part',
      numbers: [uniqueNumber()],
    });
    expect(stranger.__typename).toBe('NotFoundError');
    const nothing = await mutate('splitCase', 'id: $id, title: $title', { id: original.id, title: 'Part' });
    expect(nothing.__typename).toBe('ValidationError');
    const split = await mutate(
      'splitCase',
      'id: $id, title: $title, alertIds: $alertIds, numbers: $numbers',
      {
        id: original.id,
        title: 'Second ring',
        alertIds: [a2.gid],
        numbers: [n2],
      },
    );
    expect(split.data).toMatchObject({ title: 'Second ring', status: 'OPEN', alerts: [{ id: a2.gid }] });
    expect(split.data?.numbers.map((n) => n.number)).toEqual([n2]);
    const after = await readCase(original.id);
    expect(after.alerts.map((a) => a.id)).toEqual([a1.gid]);
    expect(after.numbers.map((n) => n.number)).toEqual([n1]);
    expect(after.timeline.at(-1)?.kind).toBe('SPLIT');
  });

  it('removes alerts, numbers and evidence from a case, and changes the priority and due time', async () => {
    const alert = await storedAlert();
    const number = uniqueNumber();
    const created = await openCase({ alertIds: [alert.gid], numbers: [number], priority: 'LOW' });
    const withEvidence = await mutate('addToCase', 'id: $id, evidence: $evidence', {
      id: created.id,
      evidence: { title: 'Wrong file', body: 'oops' },
    });
    const evidenceId = withEvidence.data?.evidence[0]?.id;
    const notThere = await mutate('removeFromCase', 'id: $id, numbers: $numbers', {
      id: created.id,
      numbers: [uniqueNumber()],
    });
    expect(notThere.__typename).toBe('NotFoundError');
    const removed = await api.gql<{ removeFromCase: { data: CaseView } }>(
      `mutation($id: ID!, $a: [ID!], $n: [String!], $e: [ID!]) {
        removeFromCase(id: $id, alertIds: $a, numbers: $n, evidenceIds: $e) {
          ... on MutationRemoveFromCaseSuccess { data { ${CASE} } } } }`,
      { id: created.id, a: [alert.gid], n: [number], e: [evidenceId] },
      api.keys.ANALYST,
    );
    expect(removed.data?.removeFromCase.data).toMatchObject({ alerts: [], numbers: [], evidence: [] });
    // The alert is free to join another case.
    expect((await openCase({ alertIds: [alert.gid] })).alerts).toHaveLength(1);
    const raised = await mutate('setCasePriority', 'id: $id, priority: $priority', {
      id: created.id,
      priority: 'HIGH',
    });
    const hours =
      (new Date(raised.data?.dueAt ?? 0).getTime() - new Date(created.dueAt).getTime()) / 3600_000;
    expect(raised.data?.priority).toBe('HIGH');
    expect(hours).toBeCloseTo(24 - 168, 3);
  });

  it('writes every change to the audit log, and the chain still verifies', async () => {
    const alert = await storedAlert();
    const created = await openCase({ alertIds: [alert.gid] });
    await mutate('commentOnCase', 'id: $id, text: $text', { id: created.id, text: 'note' });
    await mutate('setCaseStatus', 'id: $id, status: $status', { id: created.id, status: 'INVESTIGATING' });
    await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id: created.id,
      disposition: 'INCONCLUSIVE',
      reason: 'done',
    });
    const entries = await api.app.db.auditEntry.findMany({
      where: { targetType: 'Case', targetId: rawId(created.id) },
      orderBy: { seq: 'asc' },
    });
    expect(entries.map((e) => e.action)).toEqual([
      'case.create',
      'case.comment',
      'case.status',
      'case.close',
    ]);
    expect(entries[2]).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      before: { status: 'OPEN' },
      after: { status: 'INVESTIGATING' },
    });
    expect((await verifyAuditChain(api.app.db)).ok).toBe(true);
  });

  it('finds cases by status, priority, search and SLA breach, sorted as asked', async () => {
    const tag = `t${randomUUID().slice(0, 8)}`;
    const number = uniqueNumber();
    const low = await openCase({ title: `Lottery ${tag}`, priority: 'LOW' });
    const critical = await openCase({ title: `Wangiri ${tag}`, priority: 'CRITICAL', numbers: [number] });
    const list = async (filter: string, sort = 'NEWEST') =>
      (
        await api.gql<{ cases: { totalCount: number; edges: { node: { id: string } }[] } }>(
          `query { cases(filter: ${filter}, sort: ${sort}, first: 50) { totalCount edges { node { id } } } }`,
          {},
          api.keys.ANALYST,
        )
      ).data?.cases.edges.map((e) => e.node.id);
    expect(await list(`{ search: "${tag}" }`, 'PRIORITY')).toEqual([critical.id, low.id]);
    expect(await list(`{ search: "${tag}" }`, 'OLDEST')).toEqual([low.id, critical.id]);
    expect(await list(`{ search: "${tag}", priority: LOW }`)).toEqual([low.id]);
    expect(await list(`{ search: "${number.slice(-8)}" }`)).toEqual([critical.id]);
    expect(await list(`{ search: "${critical.number}" }`)).toEqual([critical.id]);
    await api.app.db.case.update({
      where: { id: rawId(low.id) },
      data: { dueAt: new Date(Date.now() - 60_000) },
    });
    expect(await list(`{ search: "${tag}", slaBreached: true }`)).toEqual([low.id]);
    expect((await readCase(low.id)).slaBreached).toBe(true);
    const hostile = await api.gql(
      `query { cases(filter: { search: "${'x'.repeat(101)}" }) { totalCount } }`,
      {},
      api.keys.ANALYST,
    );
    expect(hostile.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('caseUpdated over graphql-ws', () => {
  it('tells a subscribed analyst about a note on the case as it is written', async () => {
    const created = await openCase();
    const received = new Promise<{ kind: string; caseId: string; case: { timeline: { text: string }[] } }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no caseUpdated within 20 s')), 20_000);
        wsClient(api.keys.ANALYST).subscribe<{
          caseUpdated: { kind: string; caseId: string; case: { timeline: { text: string }[] } };
        }>(
          {
            query:
              'subscription($id: ID) { caseUpdated(caseId: $id) { kind caseId case { timeline { text } } } }',
            variables: { id: created.id },
          },
          {
            next: ({ data }) => {
              if (data?.caseUpdated.kind === 'NOTE') {
                clearTimeout(timer);
                resolve(data.caseUpdated);
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      },
    );
    // Keep writing until the subscription (set up asynchronously) has seen one.
    let done = false;
    received.finally(() => {
      done = true;
    });
    await eventually(async () => {
      if (done) return true;
      await mutate('commentOnCase', 'id: $id, text: $text', { id: created.id, text: 'live note' });
      return undefined;
    }, 20_000);
    const update = await received;
    expect(update.caseId).toBe(created.id);
    expect(update.case.timeline.at(-1)?.text).toBe('live note');
  });
});

const redisAvailable = (await redisReachable()) && !inject('embeddedDatabase');

describe.runIf(redisAvailable)('caseUpdated across instances (Redis)', () => {
  it('shows a note written on one instance to a subscriber of another', async () => {
    // A prefix of our own: channels and streams of other tests and engineers stay apart.
    const env = { REDIS_PREFIX: `satark-test-cases-${randomUUID().slice(0, 8)}` };
    const a = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    const b = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    try {
      const created = await a.app.cases.create(
        { actor: 'test', actorRole: 'ANALYST' },
        { title: 'Across instances', priority: 'LOW' },
      );
      const caseId = gid('Case', created.id);
      const client = createClient({
        url: b.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${b.keys.ANALYST}` },
      });
      clients.push(client);
      let seen: { kind: string; actor: string } | undefined;
      client.subscribe<{ caseUpdated: { kind: string; actor: string } }>(
        {
          query: 'subscription($id: ID) { caseUpdated(caseId: $id) { kind actor } }',
          variables: { id: caseId },
        },
        {
          next: ({ data }) => {
            if (data?.caseUpdated.kind === 'NOTE') seen = data.caseUpdated;
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      const update = await eventually(async () => {
        if (seen) return seen;
        await a.app.cases.comment({ actor: 'test:a', actorRole: 'ANALYST' }, created.id, 'from A');
        return undefined;
      }, 30_000);
      expect(update).toEqual({ kind: 'NOTE', actor: 'test:a' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('automatic grouping of alerts into cases', () => {
  async function campaignWith(members: number) {
    const numbers = Array.from({ length: members }, () => uniqueNumber());
    await api.app.db.phoneNumber.createMany({ data: numbers.map((number) => ({ number })) });
    const now = new Date();
    return api.app.db.campaign.create({
      data: {
        name: `Ring ${randomUUID().slice(0, 6)}`,
        type: 'WANGIRI',
        firstSeen: now,
        lastSeen: now,
        members: { create: numbers.map((number) => ({ number, role: 'MEMBER' })) },
      },
      include: { members: true },
    });
  }

  async function raise(
    raiser: TestApi,
    input: { number?: string; campaignId?: string; severity?: AlertSeverity; kind?: AlertKind },
  ) {
    const alert = await raiser.app.alerts.raise({
      kind: input.kind ?? 'NUMBER_DANGEROUS',
      severity: input.severity ?? 'HIGH',
      title: `${input.number ?? 'campaign'} turned DANGEROUS`,
      message: 'test',
      number: input.number ?? null,
      campaignId: input.campaignId ?? null,
      dedupeKey: `grouping:${randomUUID()}`,
    });
    if (!alert) throw new Error('alert not raised');
    return alert;
  }

  it('turns 50 NUMBER_DANGEROUS alerts about 3 campaigns and 2 numbers into 5 cases', async () => {
    const campaigns = [await campaignWith(10), await campaignWith(10), await campaignWith(10)];
    const solo = [uniqueNumber(), uniqueNumber()];
    const alertIds: string[] = [];
    for (const campaign of campaigns) {
      for (const member of campaign.members) alertIds.push((await raise(api, { number: member.number })).id);
    }
    for (const number of solo) {
      for (let i = 0; i < 10; i += 1) {
        alertIds.push((await raise(api, { number, severity: i === 9 ? 'CRITICAL' : 'HIGH' })).id);
      }
    }
    expect(alertIds).toHaveLength(50);
    const links = await api.app.db.caseAlert.findMany({ where: { alertId: { in: alertIds } } });
    expect(links).toHaveLength(50);
    const caseIds = [...new Set(links.map((link) => link.caseId))];
    expect(caseIds).toHaveLength(5);
    const cases = await api.app.db.case.findMany({
      where: { id: { in: caseIds } },
      include: { _count: { select: { alerts: true, numbers: true } } },
    });
    const byKey = new Map(cases.map((row) => [row.groupKey, row]));
    for (const campaign of campaigns) {
      const row = byKey.get(`campaign:${campaign.id}`);
      expect(row).toMatchObject({
        campaignId: campaign.id,
        status: 'OPEN',
        openedBy: 'system:case-grouping',
      });
      expect(row?._count).toEqual({ alerts: 10, numbers: 10 });
    }
    // Each alert names its case.
    const alertView = await api.gql<{ alerts: { edges: { node: { case: { groupKey: string } } }[] } }>(
      'query($n: String) { alerts(search: $n) { edges { node { case { id groupKey } } } } }',
      { n: campaigns[0].members[0].number },
      api.keys.ANALYST,
    );
    expect(alertView.data?.alerts.edges.map((e) => e.node.case.groupKey)).toEqual([
      `campaign:${campaigns[0].id}`,
    ]);
    for (const number of solo) {
      const row = byKey.get(`number:${number}`);
      // The CRITICAL alert raised the case's priority.
      expect(row).toMatchObject({ priority: 'CRITICAL' });
      expect(row?._count).toEqual({ alerts: 10, numbers: 1 });
    }
  });

  it('opens one case for a campaign when two instances raise its alerts at the same time', async () => {
    const second = await startTestApi();
    try {
      const campaign = await campaignWith(2);
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          raise(i % 2 ? second : api, { campaignId: campaign.id, kind: 'BURST', severity: 'MEDIUM' }),
        ),
      );
      const links = await api.app.db.caseAlert.findMany({
        where: { alertId: { in: results.map((a) => a.id) } },
      });
      expect(links).toHaveLength(16);
      expect(new Set(links.map((link) => link.caseId)).size).toBe(1);
      expect(await api.app.db.case.count({ where: { groupKey: `campaign:${campaign.id}` } })).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('folds untouched cases of numbers into their campaign’s case once the campaign is detected', async () => {
    const [early, worked] = [uniqueNumber(), uniqueNumber()];
    const earlyAlert = await raise(api, { number: early, kind: 'REPORTED_NUMBER' });
    const workedAlert = await raise(api, { number: worked, kind: 'REPORTED_NUMBER' });
    const workedCase = await api.app.db.caseAlert.findUniqueOrThrow({ where: { alertId: workedAlert.id } });
    // An analyst already works this one: it is left alone.
    await mutate('commentOnCase', 'id: $id, text: $text', {
      id: gid('Case', workedCase.caseId),
      text: 'mine',
    });
    await mutate('setCaseStatus', 'id: $id, status: $status', {
      id: gid('Case', workedCase.caseId),
      status: 'INVESTIGATING',
    });
    const campaign = await campaignWith(1);
    await api.app.db.phoneNumber.createMany({ data: [{ number: early }, { number: worked }] });
    await api.app.db.campaignMember.createMany({
      data: [early, worked].map((number) => ({ campaignId: campaign.id, number, role: 'MEMBER' })),
    });
    const detected = await raise(api, {
      campaignId: campaign.id,
      kind: 'NEW_CAMPAIGN',
      severity: 'CRITICAL',
    });
    const campaignCase = await api.app.db.caseAlert.findUniqueOrThrow({ where: { alertId: detected.id } });
    const view = await readCase(gid('Case', campaignCase.caseId));
    expect(view.alerts.map((a) => a.id).sort()).toEqual(
      [gid('Alert', detected.id), gid('Alert', earlyAlert.id)].sort(),
    );
    expect(view.numbers.map((n) => n.number)).toEqual([early]);
    expect((await readCase(gid('Case', workedCase.caseId))).status).toBe('INVESTIGATING');
  });

  it('gathers number cases of a campaign that raised no alert into one campaign case, and later members too', async () => {
    const numbers = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
    await api.app.db.phoneNumber.createMany({ data: numbers.map((number) => ({ number })) });
    const alerts = [];
    for (const number of numbers) alerts.push(await raise(api, { number, kind: 'REPORTED_NUMBER' }));
    const caseOf = async (alertId: string) =>
      (await api.app.db.caseAlert.findUniqueOrThrow({ where: { alertId } })).caseId;
    const now = new Date();
    const campaign = await api.app.db.campaign.create({
      data: {
        name: `Quiet ring ${randomUUID().slice(0, 6)}`,
        type: 'LOTTERY',
        firstSeen: now,
        lastSeen: now,
        members: { create: numbers.slice(0, 2).map((number) => ({ number, role: 'MEMBER' })) },
      },
    });
    await api.app.cases.sweepCampaignMembers();
    const campaignCase = await caseOf(alerts[0].id);
    expect(await caseOf(alerts[1].id)).toBe(campaignCase);
    expect(await api.app.db.case.findUniqueOrThrow({ where: { id: campaignCase } })).toMatchObject({
      groupKey: `campaign:${campaign.id}`,
      campaignId: campaign.id,
      status: 'OPEN',
    });
    // A later member's case joins it at the next sweep.
    await api.app.db.campaignMember.create({
      data: { campaignId: campaign.id, number: numbers[2], role: 'MEMBER' },
    });
    await api.app.cases.sweepCampaignMembers();
    expect(await caseOf(alerts[2].id)).toBe(campaignCase);
    const view = await readCase(gid('Case', campaignCase));
    expect(view.numbers.map((n) => n.number).sort()).toEqual([...numbers].sort());
  });

  it('starts a new case for a number once its previous case is closed', async () => {
    const number = uniqueNumber();
    const first = await raise(api, { number, kind: 'REPORTED_NUMBER' });
    const firstCase = await api.app.db.caseAlert.findUniqueOrThrow({ where: { alertId: first.id } });
    await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id: gid('Case', firstCase.caseId),
      disposition: 'INCONCLUSIVE',
      reason: 'nothing found',
    });
    const second = await raise(api, { number, kind: 'REPORTED_NUMBER' });
    const secondCase = await api.app.db.caseAlert.findUniqueOrThrow({ where: { alertId: second.id } });
    expect(secondCase.caseId).not.toBe(firstCase.caseId);
  });
});

describe('alert triage', () => {
  it('searches, sorts and groups alerts, and acknowledges many at once reporting each outcome', async () => {
    const tag = `t${randomUUID().slice(0, 8)}`;
    const number = uniqueNumber();
    const make = (severity: AlertSeverity) =>
      api.app.db.alert.create({
        data: {
          kind: 'BURST',
          severity,
          title: `Burst ${tag}`,
          message: 'm',
          number,
          dedupeKey: `triage:${randomUUID()}`,
        },
      });
    const low = await make('LOW');
    const critical = await make('CRITICAL');
    const high = await make('HIGH');
    const listed = await api.gql<{ alerts: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `query { alerts(search: "${tag}", sort: SEVERITY) { totalCount edges { node { id } } } }`,
      {},
      api.keys.ANALYST,
    );
    expect(listed.data?.alerts.edges.map((e) => e.node.id)).toEqual(
      [critical, high, low].map((a) => gid('Alert', a.id)),
    );
    const groups = await api.gql<{ alertGroups: { key: string; count: number; maxSeverity: string }[] }>(
      `query { alertGroups(by: NUMBER, search: "${tag}") { key number count maxSeverity latestAt } }`,
      {},
      api.keys.ANALYST,
    );
    expect(groups.data?.alertGroups).toMatchObject([{ key: number, count: 3, maxSeverity: 'CRITICAL' }]);

    await api.app.db.alert.update({ where: { id: high.id }, data: { status: 'RESOLVED' } });
    const missing = gid('Alert', randomUUID());
    const ack = await api.gql<{
      acknowledgeAlerts: {
        __typename: string;
        data: { acknowledged: number; outcomes: { id: string; ok: boolean; code: string | null }[] };
      };
    }>(
      `mutation($ids: [ID!]!) { acknowledgeAlerts(ids: $ids) { __typename
        ... on MutationAcknowledgeAlertsSuccess { data { acknowledged outcomes { id ok code message } } } } }`,
      { ids: [gid('Alert', low.id), gid('Alert', critical.id), gid('Alert', high.id), missing] },
      api.keys.ANALYST,
    );
    expect(ack.data?.acknowledgeAlerts.data.acknowledged).toBe(2);
    expect(ack.data?.acknowledgeAlerts.data.outcomes.map((o) => [o.ok, o.code])).toEqual([
      [true, null],
      [true, null],
      [false, 'INVALID_TRANSITION'],
      [false, 'NOT_FOUND'],
    ]);
    expect((await api.app.db.alert.findUniqueOrThrow({ where: { id: high.id } })).status).toBe('RESOLVED');
    const audit = await api.app.db.auditEntry.findFirst({
      where: { action: 'alert.acknowledge.bulk' },
      orderBy: { seq: 'desc' },
    });
    expect(audit?.after).toMatchObject({ ids: [low.id, critical.id] });

    const tooMany = await api.gql<{ acknowledgeAlerts: { __typename: string } }>(
      'mutation($ids: [ID!]!) { acknowledgeAlerts(ids: $ids) { __typename } }',
      { ids: [] },
      api.keys.ANALYST,
    );
    expect(tooMany.data?.acknowledgeAlerts.__typename).toBe('ValidationError');
  });
});

describe('labels for learning', () => {
  it('records FRAUD and NOT_FRAUD labels with features when cases close, exports them as CSV the ml CLI evaluates', async () => {
    const fraud = await Promise.all(Array.from({ length: 8 }, () => scoredNumber(true)));
    const legit = await Promise.all(Array.from({ length: 8 }, () => scoredNumber(false)));
    const fraudCase = await openCase({ numbers: fraud });
    const legitCase = await openCase({ numbers: legit });
    await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id: fraudCase.id,
      disposition: 'FRAUD_CONFIRMED',
      reason: 'Victims confirmed the calls',
    });
    await mutate('closeCase', 'id: $id, disposition: $disposition, reason: $reason', {
      id: legitCase.id,
      disposition: 'FALSE_POSITIVE',
      reason: 'A call centre',
    });
    const labels = await api.gql<{
      labels: {
        totalCount: number;
        edges: {
          node: { label: string; source: string; sourceId: string; features: Record<string, number> };
        }[];
      };
    }>(
      'query($n: String) { labels(filter: { number: $n }) { totalCount edges { node { label source sourceId actor features } } } }',
      { n: fraud[0] },
      api.keys.ANALYST,
    );
    expect(labels.data?.labels.edges[0].node).toMatchObject({
      label: 'FRAUD',
      source: 'CASE',
      sourceId: rawId(fraudCase.id),
    });
    expect(Object.keys(labels.data?.labels.edges[0].node.features ?? {})).toEqual(
      expect.arrayContaining([...FEATURE_NAMES]),
    );

    const anonymousQuery = await api.gql('{ labels { totalCount } }', {}, null);
    expect(anonymousQuery.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymous = await fetch(`${api.url.replace(/\/graphql$/, '')}/labels.csv`);
    expect(anonymous.status).toBe(401);
    const badSource = await fetch(`${api.url.replace(/\/graphql$/, '')}/labels.csv?source=NOPE`, {
      headers: { authorization: `Bearer ${api.keys.ANALYST}` },
    });
    expect(badSource.status).toBe(400);
    const response = await fetch(`${api.url.replace(/\/graphql$/, '')}/labels.csv?source=CASE`, {
      headers: { authorization: `Bearer ${api.keys.ANALYST}` },
    });
    expect(response.status).toBe(200);
    const csv = await response.text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(`label,${FEATURE_NAMES.join(',')}`);
    expect(lines.filter((line) => line.startsWith('1,')).length).toBeGreaterThanOrEqual(8);
    expect(lines.filter((line) => line.startsWith('0,')).length).toBeGreaterThanOrEqual(8);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'satark-labels-')), 'labels.csv');
    writeFileSync(file, csv);
    const run = await runNodeScript(
      'ml/src/cli.ts',
      ['evaluate', '--csv', file, '--trees', '20', '--sample', '16', '--seeds', '1', '--json'],
      { cwd: repoRoot, timeoutMs: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.features).toBe(FEATURE_NAMES.length);
    expect(report.anomalies).toBeGreaterThanOrEqual(8);
    expect(report.rows).toBe(lines.length - 1);
  });

  it('records a FRAUD label once when an analyst verifies a report', async () => {
    const number = await scoredNumber();
    const report = await api.app.db.report.create({
      data: { number, category: 'LOTTERY', reporter: `anonymous:${randomUUID()}` },
    });
    for (let i = 0; i < 2; i += 1) {
      const verified = await api.gql<{ verifyReport: { __typename: string } }>(
        'mutation($id: ID!) { verifyReport(id: $id) { __typename } }',
        { id: report.id },
        api.keys.ANALYST,
      );
      expect(verified.data?.verifyReport.__typename).toBe('MutationVerifyReportSuccess');
    }
    const labels = await api.app.db.label.findMany({ where: { source: 'REPORT', sourceId: report.id } });
    expect(labels).toMatchObject([{ number, label: 'FRAUD' }]);
    expect(labels[0].features).toHaveProperty('total_calls');
    const audited = await api.app.db.auditEntry.findMany({
      where: { action: 'label.record', targetId: report.id },
    });
    expect(audited).toHaveLength(1);
  });
});
