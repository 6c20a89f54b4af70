// Hostile call records: bad bytes and wrong types are one record's problem. The rest of the
// batch is stored, the bad record gets a reason, and no input gives "Unexpected error".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callInput, startTestApi, type TestApi } from './harness';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

const INGEST = `mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) {
  __typename ... on MutationIngestCallsSuccess { data { accepted duplicate rejected rejections { index callId reason } } }
  ... on ValidationError { message } } }`;

interface IngestReply {
  ingestCalls: {
    __typename: string;
    data: {
      accepted: number;
      rejected: number;
      rejections: { index: number; callId: string | null; reason: string }[];
    };
  };
}

describe('hostile call records', () => {
  it('rejects a NUL byte or a lone surrogate in any string field one record at a time and stores the rest', async () => {
    const good = [callInput(), callInput()];
    const hostile = [
      callInput({ originRegion: 'Del\u0000hi' }),
      callInput({ targetRegion: 'Mum\ud800bai' }),
      callInput({ caller: '+9198\u000012345678' }),
      callInput({ callId: `bad\u0000id-${Date.now()}` }),
    ];
    const reply = await api.gql<IngestReply>(
      INGEST,
      { calls: [good[0], ...hostile, good[1]] },
      api.keys.OPERATOR,
    );
    expect(reply.errors).toBeUndefined();
    const result = reply.data?.ingestCalls.data;
    expect(result?.accepted).toBe(2);
    expect(result?.rejected).toBe(4);
    expect(result?.rejections.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(result?.rejections[0]?.reason).toMatch(/originRegion holds a character that cannot be stored/);
    expect(result?.rejections[1]?.reason).toMatch(/targetRegion holds a character that cannot be stored/);
    expect(result?.rejections[2]?.reason).toMatch(/caller holds a character that cannot be stored/);
    // The rejection quotes the bad id without the NUL, so the reply itself is clean.
    expect(result?.rejections[3]?.callId).not.toContain('\u0000');
    // (PostgreSQL cannot even be asked about the id with the NUL in it.)
    const stored = await api.app.db.callRecord.count({
      where: { callId: { in: [...good, ...hostile.slice(0, 3)].map((c) => c.callId) } },
    });
    expect(stored).toBe(2);
  });

  it('rejects wrong types and time stamps without a zone per record when a stream hands over raw JSON', async () => {
    const good = callInput();
    const start = new Date(Date.now() - 60_000);
    const local = start.toISOString().replace('Z', '');
    const result = await api.app.ingest([
      { ...callInput(), callId: 42 },
      { ...callInput(), durationSec: '30' },
      { ...callInput(), startedAt: local },
      { ...callInput(), caller: { $gt: '' } },
      null,
      'a string',
      { ...callInput(), startedAt: start.getTime() },
      good,
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejections.map((r) => [r.index, r.reason])).toEqual([
      [0, expect.stringMatching(/callId must be a string/)],
      [1, expect.stringMatching(/durationSec must be a number/)],
      [2, expect.stringMatching(/startedAt must be ISO 8601 with a time zone/)],
      [3, expect.stringMatching(/caller must be a string/)],
      [4, 'a call record must be an object'],
      [5, 'a call record must be an object'],
    ]);
  });

  it('quotes at most 40 characters of a bad value back', async () => {
    const huge = `x${'9'.repeat(100_000)}`;
    const result = await api.app.ingest([
      { ...callInput(), callId: huge },
      { ...callInput(), caller: huge },
    ]);
    expect(result.rejected).toBe(2);
    for (const rejection of result.rejections) {
      expect((rejection.callId ?? '').length + rejection.reason.length).toBeLessThan(300);
    }
  });
});
