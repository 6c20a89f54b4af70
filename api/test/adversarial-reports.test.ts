// An attacker's audit, replayed against the real server: reports must not forge a verdict, and
// anonymous clients must not enumerate numbers or read unmasked digits.
//
// Distinct anonymous clients are distinct socket addresses: every 127.x.y.z address is the
// loopback interface on Linux, so each simulated client connects from its own 127.0.1.N address
// (the server never trusts X-Forwarded-For).
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/services/api-keys';
import { numberSeries } from '../src/services/campaign-detector';
import { maskCallId } from '../src/services/masking';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

const CHECKS_PER_MINUTE = 30;

let api: TestApi;
const wsClients: Client[] = [];
beforeAll(async () => {
  api = await startTestApi({
    env: { ANON_MUTATIONS_PER_MINUTE: '1000', ANON_CHECKS_PER_MINUTE: String(CHECKS_PER_MINUTE) },
  });
});
afterAll(async () => {
  await Promise.all(wsClients.map((client) => client.dispose()));
  await api.close();
});

interface GqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let nextClient = 1;
/** A new anonymous client: its own loopback source address, so its own rate-limit budget. */
function anonymousClient(): string {
  const n = nextClient++;
  return `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
}

/** A GraphQL request without a key, sent from `localAddress`. */
function anonymousGql<T = Record<string, unknown>>(
  localAddress: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const url = new URL(api.url);
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, ...JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const REPORT = `mutation($input: ReportNumberInput!) { reportNumber(input: $input) { __typename
  ... on MutationReportNumberSuccess { data { outcome report { id reporterKind trustedReporter } check { verdict verdictSource reportCount } } }
  ... on Error { code message } } }`;

const CHECK = `query($n: String!) { checkNumber(number: $n) { __typename
  ... on QueryCheckNumberSuccess { data { number verdict verdictSource riskScore scored reportCount callsInWindow callsWindowHours
    reports { reporters anonymous untrustedKeys trustedKeys verified trusted trustedNeeded riskScore verdict
      last24Hours last7Days last30Days byCategory { category reporters } } } }
  ... on Error { code message } } }`;

interface ReportResult {
  reportNumber: {
    __typename: string;
    data?: {
      outcome: string;
      report: { id: string; reporterKind: string; trustedReporter: boolean };
      check: { verdict: string; verdictSource: string; reportCount: number };
    };
  };
}

interface Breakdown {
  reporters: number;
  anonymous: number;
  untrustedKeys: number;
  trustedKeys: number;
  verified: number;
  trusted: number;
  trustedNeeded: number;
  riskScore: number | null;
  verdict: string;
  last24Hours: number;
  last7Days: number;
  last30Days: number;
  byCategory: { category: string; reporters: number }[];
}

interface CheckResult {
  checkNumber: {
    __typename: string;
    data: {
      number: string;
      verdict: string;
      verdictSource: string;
      riskScore: number | null;
      scored: boolean;
      reportCount: number;
      callsInWindow: number;
      callsWindowHours: number;
      reports: Breakdown;
    };
  };
}

/** Checked with an analyst's key, which no anonymous budget limits. */
async function checked(number: string): Promise<CheckResult['checkNumber']['data']> {
  const result = await api.gql<CheckResult>(CHECK, { n: number }, api.keys.ANALYST);
  expect(result.data?.checkNumber.__typename).toBe('QueryCheckNumberSuccess');
  return (result.data as CheckResult).checkNumber.data;
}

async function reportedAlerts(number: string): Promise<number> {
  return api.app.db.alert.count({ where: { number, kind: 'REPORTED_NUMBER' } });
}

describe('reports cannot forge a verdict', () => {
  it('one anonymous client reporting a number three, five and ten times counts once and leaves it SUSPICIOUS', async () => {
    const number = uniqueNumber();
    const attacker = anonymousClient();
    const outcomes: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const result = await anonymousGql<ReportResult>(attacker, REPORT, {
        input: { number, category: i % 2 ? 'WANGIRI' : 'LOTTERY', description: `report ${i}` },
      });
      expect(result.data?.reportNumber.__typename).toBe('MutationReportNumberSuccess');
      outcomes.push(result.data?.reportNumber.data?.outcome ?? 'none');
      if ([3, 5, 10].includes(i)) {
        const check = await checked(number);
        expect(check).toMatchObject({ verdict: 'SUSPICIOUS', verdictSource: 'REPORTS', reportCount: 1 });
        expect(check.reports).toMatchObject({
          reporters: 1,
          anonymous: 1,
          trusted: 0,
          verdict: 'SUSPICIOUS',
        });
      }
    }
    expect(outcomes).toEqual(['RECORDED', ...Array(9).fill('UPDATED')]);
    expect(await api.app.db.report.count({ where: { number } })).toBe(1);
    // The repeated report replaced the earlier one: the latest category stands.
    expect((await checked(number)).reports.byCategory).toEqual([{ category: 'LOTTERY', reporters: 1 }]);
    expect(await reportedAlerts(number)).toBe(0);
  });

  it('ten different anonymous clients reporting a never-seen number make it SUSPICIOUS at most, never DANGEROUS', async () => {
    const number = uniqueNumber();
    expect(await checked(number)).toMatchObject({
      verdict: 'UNKNOWN',
      verdictSource: 'NONE',
      reportCount: 0,
    });
    for (let i = 1; i <= 10; i++) {
      const result = await anonymousGql<ReportResult>(anonymousClient(), REPORT, {
        input: { number, category: 'KYC_PHISHING' },
      });
      expect(result.data?.reportNumber.data).toMatchObject({
        outcome: 'RECORDED',
        report: { reporterKind: 'ANONYMOUS', trustedReporter: false },
        check: { verdict: 'SUSPICIOUS', verdictSource: 'REPORTS', reportCount: i },
      });
      if ([3, 5, 10].includes(i)) {
        const check = await checked(number);
        expect(check.verdict).toBe('SUSPICIOUS');
        expect(check.riskScore).toBeLessThan(70);
        expect(check.reports).toMatchObject({
          reporters: i,
          anonymous: i,
          trusted: 0,
          trustedNeeded: 3,
          last24Hours: i,
          last7Days: i,
          last30Days: i,
          byCategory: [{ category: 'KYC_PHISHING', reporters: i }],
        });
      }
    }
    expect(await reportedAlerts(number)).toBe(0);
  });

  it('reports by analysts’ keys are not trusted: three of them leave a number SUSPICIOUS', async () => {
    const number = uniqueNumber();
    for (let i = 0; i < 3; i++) {
      const { key } = await createApiKey(api.app.db, {
        name: `analyst-${randomUUID().slice(0, 8)}`,
        role: 'ANALYST',
      });
      const result = await api.gql<ReportResult>(REPORT, { input: { number, category: 'LOTTERY' } }, key);
      expect(result.data?.reportNumber.data?.report).toMatchObject({
        reporterKind: 'KEY',
        trustedReporter: false,
      });
    }
    const check = await checked(number);
    expect(check).toMatchObject({ verdict: 'SUSPICIOUS', reportCount: 3 });
    expect(check.reports).toMatchObject({ untrustedKeys: 3, trustedKeys: 0, trusted: 0 });
  });

  it('three trusted keys (banks, operators) reporting a number make it DANGEROUS, with one alert', async () => {
    const number = uniqueNumber();
    const verdicts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { key } = await createApiKey(api.app.db, {
        name: `bank-${randomUUID().slice(0, 8)}`,
        role: 'OPERATOR',
      });
      const result = await api.gql<ReportResult>(
        REPORT,
        { input: { number, category: 'IMPERSONATION' } },
        key,
      );
      expect(result.data?.reportNumber.data?.report).toMatchObject({
        reporterKind: 'KEY',
        trustedReporter: true,
      });
      verdicts.push(result.data?.reportNumber.data?.check.verdict ?? 'none');
    }
    expect(verdicts).toEqual(['SUSPICIOUS', 'SUSPICIOUS', 'DANGEROUS', 'DANGEROUS']);
    const check = await checked(number);
    expect(check).toMatchObject({
      verdict: 'DANGEROUS',
      verdictSource: 'REPORTS',
      scored: false,
      reportCount: 4,
    });
    expect(check.reports).toMatchObject({ trustedKeys: 4, trusted: 4, verdict: 'DANGEROUS' });
    expect(await reportedAlerts(number)).toBe(1);
  });

  it('a trusted key reporting twice counts once', async () => {
    const number = uniqueNumber();
    const { key } = await createApiKey(api.app.db, {
      name: `bank-${randomUUID().slice(0, 8)}`,
      role: 'OPERATOR',
    });
    for (let i = 0; i < 3; i++) await api.gql(REPORT, { input: { number, category: 'LOTTERY' } }, key);
    const check = await checked(number);
    expect(check).toMatchObject({ verdict: 'SUSPICIOUS', reportCount: 1 });
    expect(check.reports.trusted).toBe(1);
  });

  it('anonymous reports an analyst verified count as trusted; anonymous clients cannot verify', async () => {
    const number = uniqueNumber();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await anonymousGql<ReportResult>(anonymousClient(), REPORT, {
        input: { number, category: 'WANGIRI' },
      });
      ids.push(result.data?.reportNumber.data?.report.id ?? '');
    }
    const VERIFY = `mutation($id: ID!) { verifyReport(id: $id) { __typename
      ... on MutationVerifyReportSuccess { data { report { id verified } check { verdict verdictSource reports { verified trusted } } } }
      ... on Error { code message } } }`;

    const forged = await anonymousGql(anonymousClient(), VERIFY, { id: ids[0] });
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await checked(number)).reports.verified).toBe(0);

    const verdicts: string[] = [];
    for (const id of ids) {
      const result = await api.gql<{
        verifyReport: { data: { report: { verified: boolean }; check: { verdict: string } } };
      }>(VERIFY, { id }, api.keys.ANALYST);
      expect(result.data?.verifyReport.data.report.verified).toBe(true);
      verdicts.push(result.data?.verifyReport.data.check.verdict ?? 'none');
    }
    expect(verdicts).toEqual(['SUSPICIOUS', 'SUSPICIOUS', 'DANGEROUS']);
    expect((await checked(number)).reports).toMatchObject({ anonymous: 3, verified: 3, trusted: 3 });

    for (const id of [randomUUID(), 'x'.repeat(5000)]) {
      const missing = await api.gql<{ verifyReport: { __typename: string } }>(
        VERIFY,
        { id },
        api.keys.ANALYST,
      );
      expect(missing.data?.verifyReport.__typename).toBe('NotFoundError');
    }
  });

  it('lists a number’s reports with their reporters for analysts only', async () => {
    const number = uniqueNumber();
    const client = anonymousClient();
    await anonymousGql(client, REPORT, { input: { number, category: 'SIM_BOX' } });
    const LIST =
      'query($n: String!) { numberReports(number: $n) { ... on QueryNumberReportsSuccess { data { reporter reporterKind category } } } }';
    const listed = await api.gql<{ numberReports: { data: unknown[] } }>(
      LIST,
      { n: number },
      api.keys.ANALYST,
    );
    expect(listed.data?.numberReports.data).toEqual([
      { reporter: `anonymous:${client}`, reporterKind: 'ANONYMOUS', category: 'SIM_BOX' },
    ]);
    const anonymous = await anonymousGql(anonymousClient(), LIST, { n: number });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('anonymous clients cannot enumerate numbers', () => {
  /** One request checking every number by an alias (as many as the query breadth limit allows). */
  const scan = (numbers: string[]) =>
    `{ ${numbers.map((n, i) => `c${i}: checkNumber(number: "${n}") { __typename ... on RateLimitError { retryAfterSec } }`).join(' ')} }`;
  const typenames = (data: Record<string, { __typename: string }> | undefined) =>
    Object.values(data ?? {}).map((field) => field.__typename);
  /** Numbers in requests of 20 aliases (MAX_QUERY_ALIASES refuses more than 30 in one). */
  async function scanAll(
    numbers: string[],
    send: (query: string) => Promise<GqlResponse<Record<string, { __typename: string }>>>,
  ) {
    const answered: string[] = [];
    for (let i = 0; i < numbers.length; i += 20) {
      const result = await send(scan(numbers.slice(i, i + 20)));
      expect(result.errors).toBeUndefined();
      answered.push(...typenames(result.data));
    }
    return answered;
  }

  it('a scan of 100 numbers by aliases is refused with RateLimitError past the limit, for that client only', async () => {
    // The range behind a masked "+91 99XXXXX080": every candidate differs only in hidden digits.
    const candidates = Array.from(
      { length: 100 },
      (_, i) => `+9199${String(12_000 + i).padStart(5, '0')}080`,
    );
    const scanner = anonymousClient();
    const answered = await scanAll(candidates, (query) => anonymousGql(scanner, query));
    expect(answered).toHaveLength(100);
    expect(answered.filter((t) => t === 'QueryCheckNumberSuccess')).toHaveLength(CHECKS_PER_MINUTE);
    expect(answered.filter((t) => t === 'RateLimitError')).toHaveLength(100 - CHECKS_PER_MINUTE);

    // The budget is spent: single lookups and reports (which answer a lookup too) are refused.
    const again = await anonymousGql<{ checkNumber: { __typename: string; retryAfterSec?: number } }>(
      scanner,
      'query($n: String!) { checkNumber(number: $n) { __typename ... on RateLimitError { code retryAfterSec } } }',
      { n: candidates[0] },
    );
    expect(again.data?.checkNumber).toMatchObject({ __typename: 'RateLimitError', code: 'RATE_LIMITED' });
    expect(again.data?.checkNumber.retryAfterSec).toBeGreaterThan(0);
    const report = await anonymousGql<ReportResult>(scanner, REPORT, {
      input: { number: candidates[1], category: 'OTHER' },
    });
    expect(report.data?.reportNumber.__typename).toBe('RateLimitError');
    expect(await api.app.db.report.count({ where: { number: candidates[1] } })).toBe(0);

    // Another client, and a key holder, are not affected.
    const other = await anonymousGql<Record<string, { __typename: string }>>(
      anonymousClient(),
      scan(candidates.slice(0, 2)),
    );
    expect(typenames(other.data)).toEqual(['QueryCheckNumberSuccess', 'QueryCheckNumberSuccess']);
    const withKey = await scanAll(candidates, (query) => api.gql(query, undefined, api.keys.ANALYST));
    expect(withKey.filter((t) => t === 'QueryCheckNumberSuccess')).toHaveLength(100);
  });

  it('invalid numbers count against the budget too', async () => {
    const scanner = anonymousClient();
    const junk = Array.from({ length: CHECKS_PER_MINUTE + 5 }, (_, i) => `not-a-number-${i}`);
    const answered = await scanAll(junk, (query) => anonymousGql(scanner, query));
    expect(answered.filter((t) => t === 'InvalidNumberError')).toHaveLength(CHECKS_PER_MINUTE);
    expect(answered.filter((t) => t === 'RateLimitError')).toHaveLength(5);
  });
});

describe('anonymous viewers see no more digits than the mask', () => {
  const MASKED = /^\+91 \d{2}X{5}\d{3}$/;

  function anonymousWs(): Client {
    const client = createClient({
      url: api.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    wsClients.push(client);
    return client;
  }

  it('threatStream events carry callers, receivers and the numbers in call ids masked, never in full', async () => {
    const caller = uniqueNumber();
    const receiver = uniqueNumber();
    const maskedCaller = `+91 ${caller.slice(3, 5)}XXXXX${caller.slice(-3)}`;
    const maskedReceiver = `+91 ${receiver.slice(3, 5)}XXXXX${receiver.slice(-3)}`;
    type Event = { id: string; caller: string; receiver: string };
    const seen: Event[] = [];
    // Call ids an integrator builds from the numbers, which carry no "+" (validate.ts refuses
    // one), in shapes that split the number: the public sees an opaque digest of each.
    const maskedIds = new Map<string, 'reference' | 'split'>();
    const callIds = (i: number) => {
      const seq = String(i).padStart(4, '0');
      const epoch = String(1_795_744_800 + i);
      const digits = caller.slice(1);
      const ids = [
        `cdr-${digits}-20261127-${seq}`,
        `${digits.slice(0, 4)}.${digits.slice(4, 8)}.${digits.slice(8)}:${receiver.slice(1)}:${epoch}`,
      ];
      maskedIds.set(maskCallId(ids[0] as string), 'reference');
      maskedIds.set(maskCallId(ids[1] as string), 'split');
      return ids;
    };
    const bothShapes = () => new Set(seen.map((event) => maskedIds.get(event.id))).size === 2;
    const subscription = anonymousWs().iterate<{ threatStream: { events: Event[] } }>({
      query: 'subscription { threatStream { events { id caller receiver } } }',
    });
    const collecting = (async () => {
      for await (const { data } of subscription) {
        for (const event of data?.threatStream.events ?? []) {
          if (event.caller === maskedCaller && event.receiver === maskedReceiver) seen.push(event);
        }
        if (bothShapes()) return;
      }
    })();
    // Keep sending calls until both shapes arrive: the subscription starts asynchronously.
    const deadline = Date.now() + 30_000;
    for (let i = 1; !bothShapes() && Date.now() < deadline; i++) {
      await api.gql(
        'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
        { c: callIds(i).map((callId) => callInput({ callId, caller, receiver })) },
        api.keys.OPERATOR,
      );
      await Promise.race([collecting, new Promise((r) => setTimeout(r, 250))]);
    }
    await subscription.return?.();
    expect(bothShapes()).toBe(true);
    for (const event of seen) {
      expect(event.caller).toMatch(MASKED);
      expect(event.receiver).toMatch(MASKED);
      expect(maskedIds.has(event.id)).toBe(true);
      expect(JSON.stringify(event)).not.toContain(caller.slice(3));
      expect(JSON.stringify(event)).not.toContain(receiver.slice(3));
    }
  });

  it('campaign names shown to anonymous viewers hide the members’ number series', async () => {
    // A bulk-bought series: the members share all but their last three digits.
    const series = `+9187${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    const members = [`${series}101`, `${series}202`];
    const name = `Wangiri ring ${numberSeries(members[0])}xxx`;
    await api.app.db.phoneNumber.createMany({
      data: members.map((number) => ({ number })),
      skipDuplicates: true,
    });
    await api.app.db.campaign.create({
      data: {
        name,
        type: 'WANGIRI',
        firstSeen: new Date(Date.now() - 3600_000),
        lastSeen: new Date(),
        regions: ['Delhi'],
        nodeCount: 2,
        members: { create: members.map((number, i) => ({ number, role: i === 0 ? 'ORGANISER' : 'MEMBER' })) },
      },
    });
    const query =
      'query($n: String!) { checkNumber(number: $n) { ... on QueryCheckNumberSuccess { data { campaign { name } } } } }';
    const anonymous = await anonymousGql<{ checkNumber: { data: { campaign: { name: string } } } }>(
      anonymousClient(),
      query,
      { n: members[0] },
    );
    const shown = anonymous.data?.checkNumber.data.campaign.name ?? '';
    expect(shown).toBe(`Wangiri ring +91 ${series.slice(3, 5)}XXXXXxxx`);
    expect(shown).not.toContain(series.slice(5));
    const analyst = await api.gql<{ checkNumber: { data: { campaign: { name: string } } } }>(
      query,
      { n: members[0] },
      api.keys.ANALYST,
    );
    expect(analyst.data?.checkNumber.data.campaign.name).toBe(name);
  });
});

describe('checkNumber shows the model’s evidence apart from the reports', () => {
  it('counts the caller’s calls in the live feature window its score is based on', async () => {
    const caller = uniqueNumber();
    const calls = Array.from({ length: 3 }, () => callInput({ caller }));
    await api.gql(
      'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      { c: calls },
      api.keys.OPERATOR,
    );
    const check = await checked(caller);
    expect(check.callsInWindow).toBe(3);
    expect(check.callsWindowHours).toBe(24);
    expect(check.reports.reporters).toBe(0);
    expect((await checked(uniqueNumber())).callsInWindow).toBe(0);
  });
});
