import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config';
import { printedSchema } from '../src/schema/print';
import { createApiKey } from '../src/services/api-keys';
import { MIN_CALLS_TO_SCORE } from '../src/services/live-scorer';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { ANON_MUTATIONS_PER_MINUTE: '1000', MAX_INGEST_BATCH: '50' } });
});
afterAll(() => api.close());

describe('the printed schema', () => {
  it('schema.graphql matches the Pothos code (run npm run schema:print when this fails)', () => {
    expect(readFileSync(path.join(repoRoot, 'schema.graphql'), 'utf8')).toBe(printedSchema());
  });
});

describe('checkNumber', () => {
  const query = `query($n: String!) { checkNumber(number: $n) { __typename
    ... on QueryCheckNumberSuccess { data { number nationalFormat verdict riskScore scored reportCount lineType reasons { text } campaign { id } modelVersion } }
    ... on InvalidNumberError { code message input } } }`;

  it('normalises an Indian number written nationally to E.164 and calls an unknown number UNKNOWN (not SAFE) and unscored', async () => {
    const national = uniqueNumber().slice(3);
    const result = await api.gql(query, { n: national });
    expect(result.data?.checkNumber).toMatchObject({
      __typename: 'QueryCheckNumberSuccess',
      data: {
        number: `+91${national}`,
        verdict: 'UNKNOWN',
        riskScore: null,
        scored: false,
        reportCount: 0,
        lineType: 'MOBILE',
      },
    });
  });

  it('answers a malformed number with a typed InvalidNumberError, not an exception', async () => {
    for (const bad of ['12', 'not a number', '+91 12345', `+91${'9'.repeat(50)}`]) {
      const result = await api.gql(query, { n: bad });
      expect(result.errors).toBeUndefined();
      expect(result.data?.checkNumber).toMatchObject({
        __typename: 'InvalidNumberError',
        code: 'INVALID_NUMBER',
      });
    }
  });
});

describe('reportNumber', () => {
  const mutation = `mutation($input: ReportNumberInput!) { reportNumber(input: $input) { __typename
    ... on MutationReportNumberSuccess { data { report { id category } check { reportCount riskScore verdict } } }
    ... on Error { code message } } }`;
  const check =
    'query($n: String!) { checkNumber(number: $n) { ... on QueryCheckNumberSuccess { data { reportCount riskScore verdict category } } } }';

  /** Keys of banks or operators: their reports are trusted. */
  async function trustedKeys(count: number): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `bank-${randomUUID().slice(0, 8)}`;
      keys.push((await createApiKey(api.app.db, { name, role: 'OPERATOR' })).key);
    }
    return keys;
  }

  it('stores reports and counts each trusted reporter in the number’s report count, risk and verdict', async () => {
    const number = uniqueNumber();
    const verdicts: string[] = [];
    for (const key of await trustedKeys(3)) {
      const result = await api.gql(
        mutation,
        { input: { number, category: 'KYC_PHISHING', description: 'asked for my OTP' } },
        key,
      );
      expect(result.data?.reportNumber).toMatchObject({ __typename: 'MutationReportNumberSuccess' });
      verdicts.push(
        (result.data?.reportNumber as { data?: { check: { verdict: string } } } | undefined)?.data?.check
          .verdict ?? 'none',
      );
    }
    expect(verdicts).toEqual(['SUSPICIOUS', 'SUSPICIOUS', 'DANGEROUS']);
    const after = await api.gql(check, { n: number });
    expect(after.data?.checkNumber).toEqual({
      data: { reportCount: 3, riskScore: 70, verdict: 'DANGEROUS', category: 'KYC_PHISHING' },
    });
  });

  it('raises one REPORTED_NUMBER alert when a number becomes DANGEROUS through reports, not one per report', async () => {
    const number = uniqueNumber();
    for (const key of await trustedKeys(5)) {
      await api.gql(mutation, { input: { number, category: 'LOTTERY' } }, key);
    }
    const alerts = await api.app.db.alert.findMany({ where: { number, kind: 'REPORTED_NUMBER' } });
    expect(alerts).toHaveLength(1);
  });

  it('rejects an over-long description with a ValidationError and stores nothing', async () => {
    const number = uniqueNumber();
    const result = await api.gql(mutation, {
      input: { number, category: 'LOTTERY', description: 'x'.repeat(1001) },
    });
    expect(result.data?.reportNumber).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
    });
    expect(await api.app.db.report.count({ where: { number } })).toBe(0);
  });

  it('rejects an invalid number with InvalidNumberError and stores nothing', async () => {
    const before = await api.app.db.report.count();
    const result = await api.gql(mutation, { input: { number: '123', category: 'LOTTERY' } });
    expect(result.data?.reportNumber).toMatchObject({ __typename: 'InvalidNumberError' });
    expect(await api.app.db.report.count()).toBe(before);
  });

  it('rejects an unknown category enum with a GraphQL validation error', async () => {
    const result = await api.gql(mutation, { input: { number: uniqueNumber(), category: 'PIZZA' } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/PIZZA/);
  });
});

describe('ingestCalls', () => {
  const mutation = `mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) { __typename
    ... on MutationIngestCallsSuccess { data { accepted duplicate rejected rejections { index callId reason } } }
    ... on ValidationError { code message issues { path message } } } }`;

  it('accepts valid calls, counts duplicates by callId and rejects bad records one by one with reasons', async () => {
    const good = callInput();
    const calls = [
      good,
      { ...good },
      callInput({ caller: '12' }),
      callInput({ durationSec: -1 }),
      callInput({ startedAt: new Date(Date.now() + 3600_000).toISOString() }),
      callInput({ callId: '' }),
    ];
    const result = await api.gql<{
      ingestCalls: {
        data: {
          accepted: number;
          duplicate: number;
          rejected: number;
          rejections: { index: number; reason: string }[];
        };
      };
    }>(mutation, { calls }, api.keys.OPERATOR);
    const data = result.data?.ingestCalls.data ?? { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
    expect(data).toMatchObject({ accepted: 1, duplicate: 1, rejected: 4 });
    expect(data.rejections.map((r) => r.index)).toEqual([2, 3, 4, 5]);
    expect(data.rejections[0]?.reason).toMatch(/not a valid phone number/);
    expect(data.rejections[1]?.reason).toMatch(/negative/);
    expect(data.rejections[2]?.reason).toMatch(/future/);
    expect(data.rejections[3]?.reason).toMatch(/empty/);
    const again = await api.gql(mutation, { calls: [good] }, api.keys.OPERATOR);
    expect(again.data?.ingestCalls).toMatchObject({ data: { accepted: 0, duplicate: 1, rejected: 0 } });
    expect(await api.app.db.callRecord.count({ where: { callId: good.callId } })).toBe(1);
  });

  it('stores an unscored call with a null score, never an invented one', async () => {
    const call = callInput();
    await api.gql(mutation, { calls: [call] }, api.keys.OPERATOR);
    const stored = await api.app.db.callRecord.findUniqueOrThrow({ where: { callId: call.callId } });
    expect(stored).toMatchObject({ riskScore: null, verdict: null, flagged: false });
    const phone = await api.app.db.phoneNumber.findUniqueOrThrow({ where: { number: call.caller } });
    expect(phone).toMatchObject({ callCount: 1, region: 'Delhi', riskScore: null });
  });

  it('rejects a batch over the size cap whole, with a ValidationError, and writes nothing', async () => {
    const calls = Array.from({ length: 51 }, () => callInput());
    const result = await api.gql(mutation, { calls }, api.keys.OPERATOR);
    expect(result.data?.ingestCalls).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'calls' }],
    });
    expect(await api.app.db.callRecord.count({ where: { callId: { in: calls.map((c) => c.callId) } } })).toBe(
      0,
    );
  });

  it('rejects a call with a bad start time alone, storing the rest of its batch', async () => {
    const bad = ['yesterday', '2026-11-27T01:00:00', '2026-02-30T00:00:00Z', 1.5, true, { at: 1 }];
    const calls = [callInput(), ...bad.map((startedAt) => callInput({ startedAt })), callInput()];
    const result = await api.gql<{
      ingestCalls: {
        data: { accepted: number; rejected: number; rejections: { index: number; reason: string }[] };
      };
    }>(mutation, { calls }, api.keys.OPERATOR);
    expect(result.errors).toBeUndefined();
    const data = result.data?.ingestCalls.data;
    expect(data).toMatchObject({ accepted: 2, rejected: bad.length });
    expect(data?.rejections.map((r) => r.index)).toEqual(bad.map((_, i) => i + 1));
    for (const rejection of data?.rejections ?? []) expect(rejection.reason).toMatch(/startedAt/);
    const stored = await api.app.db.callRecord.findMany({
      where: { callId: { in: calls.map((c) => c.callId) } },
    });
    expect(stored.map((c) => c.callId).sort()).toEqual([calls[0]?.callId, calls.at(-1)?.callId].sort());
    // Epoch milliseconds are a time too, inline in the document as well as in variables.
    const epoch = callInput({ startedAt: Date.now() - 60_000 });
    const inline = await api.gql<{ ingestCalls: { data: { accepted: number } } }>(
      `mutation { ingestCalls(calls: [{ callId: "${epoch.callId}", caller: "${epoch.caller}", receiver: "${epoch.receiver}",
        startedAt: ${epoch.startedAt}, durationSec: 5 }]) { ... on MutationIngestCallsSuccess { data { accepted } } } }`,
      {},
      api.keys.OPERATOR,
    );
    expect(inline.data?.ingestCalls.data.accepted).toBe(1);
  });

  it('counts ingested calls in stats, traffic and regions', async () => {
    api.app.stats.invalidate();
    const before =
      (await api.gql<{ stats: { totalCalls: number } }>('{ stats { totalCalls } }')).data?.stats.totalCalls ??
      0;
    const calls = Array.from({ length: 5 }, () => callInput({ originRegion: 'Kolkata' }));
    await api.gql(mutation, { calls }, api.keys.OPERATOR);
    api.app.stats.invalidate();
    const after = await api.gql<{
      stats: { totalCalls: number };
      traffic: { calls: number }[];
      regions: { region: string; calls: number }[];
    }>('{ stats { totalCalls } traffic(minutes: 1) { calls } regions { region calls } }');
    expect(after.data?.stats.totalCalls).toBe(before + 5);
    expect(after.data?.traffic).toHaveLength(60);
    expect(after.data?.regions.find((r) => r.region === 'Kolkata')?.calls).toBeGreaterThanOrEqual(5);
  });

  interface Verdicts {
    id: string;
    caller: string;
    riskScore: number | null;
    verdict: string | null;
    flagged: boolean;
  }
  const VERDICT_FIELDS = 'id caller riskScore verdict flagged';

  it('answers every stored call with its verdict, and reads calls back by id after a retry', async () => {
    // A machine dialling: one-second calls, a minute apart, to a new person each time.
    const caller = uniqueNumber();
    const start = Date.now() - 30 * 60_000;
    const calls = Array.from({ length: MIN_CALLS_TO_SCORE + 2 }, (_, i) =>
      callInput({ caller, durationSec: 1, startedAt: new Date(start + i * 60_000).toISOString() }),
    );
    const answered = await api.gql<{ ingestCalls: { data: { accepted: number; calls: Verdicts[] } } }>(
      `mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) {
        ... on MutationIngestCallsSuccess { data { accepted calls { ${VERDICT_FIELDS} } } } } }`,
      { calls },
      api.keys.OPERATOR,
    );
    const answer = answered.data?.ingestCalls.data;
    expect(answer?.accepted).toBe(calls.length);
    const stored = await api.app.db.callRecord.findMany({
      where: { callId: { in: calls.map((c) => c.callId) } },
    });
    const asStored = (id: string) => {
      const row = stored.find((r) => r.callId === id);
      return row && { id, caller, riskScore: row.riskScore, verdict: row.verdict, flagged: row.flagged };
    };
    // One entry per stored call, each exactly as the database holds it; the later ones scored.
    expect(answer?.calls).toHaveLength(calls.length);
    for (const call of answer?.calls ?? []) expect(call).toEqual(asStored(call.id));
    expect(answer?.calls.filter((c) => c.riskScore !== null).length).toBeGreaterThanOrEqual(2);

    // The retry (the first answer was lost) is all duplicates: no verdicts in its answer...
    const retried = await api.gql<{ ingestCalls: { data: { duplicate: number; calls: Verdicts[] } } }>(
      `mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) {
        ... on MutationIngestCallsSuccess { data { duplicate calls { id } } } } }`,
      { calls },
      api.keys.OPERATOR,
    );
    expect(retried.data?.ingestCalls.data).toEqual({ duplicate: calls.length, calls: [] });
    // ...so the integrator reads them back by id: in the order asked, null for an unknown id.
    const ids = [...calls.map((c) => c.callId)].reverse();
    const unknown = `t-${randomUUID()}`;
    const readBack = await api.gql<{ calls: { data: (Verdicts | null)[] } }>(
      `query($ids: [ID!]!) { calls(ids: $ids) { ... on QueryCallsSuccess { data { ${VERDICT_FIELDS} } } } }`,
      { ids: [ids[0], unknown, ...ids.slice(1), ids[0]] },
      api.keys.ANALYST,
    );
    expect(readBack.data?.calls.data).toEqual([
      asStored(ids[0] as string),
      null,
      ...ids.slice(1).map(asStored),
      asStored(ids[0] as string),
    ]);
  });

  it('reads calls back only for a role, and at most MAX_INGEST_BATCH ids at a time', async () => {
    const query = `query($ids: [ID!]!) { calls(ids: $ids) { __typename
      ... on QueryCallsSuccess { data { id } } ... on ValidationError { message issues { path } } } }`;
    const anonymous = await api.gql(query, { ids: ['t-1'] }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const tooMany = await api.gql<{ calls: { __typename: string; message: string } }>(
      query,
      { ids: Array.from({ length: 51 }, (_, i) => `t-${i}`) },
      api.keys.ANALYST,
    );
    expect(tooMany.data?.calls).toEqual({
      __typename: 'ValidationError',
      message: 'At most 50 ids at a time; this request has 51',
      issues: [{ path: 'ids' }],
    });
    const none = await api.gql<{ calls: { data: unknown[] } }>(query, { ids: [] }, api.keys.ANALYST);
    expect(none.data?.calls.data).toEqual([]);
  });
});
