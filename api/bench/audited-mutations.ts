// Latency of audited mutations (acknowledgeAlert, commentOnCase), sequential over HTTP against a
// real PostgreSQL: used to compare the change-then-entry code with change-and-entry in one
// transaction (decision 009, update). Usage: tsx api/bench/audited-mutations.ts <n>
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startApi } from '../src/server';
import { createApiKey } from '../src/services/api-keys';

const n = Number(process.argv[2] ?? 200);
const api = await startApi({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL,
  simulator: false,
  logLevel: 'silent',
  model: 'none',
  env: { CASE_GROUP_SWEEP_MS: '0', DATA_DIR: `/tmp/people-bench/${randomUUID()}` },
});
const { key } = await createApiKey(api.app.db, {
  name: `bench-${randomUUID().slice(0, 8)}`,
  role: 'ANALYST',
});
const gql = async (query: string, variables: Record<string, unknown>) => {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
};
const alerts = await Promise.all(
  Array.from({ length: n }, () =>
    api.app.db.alert.create({
      data: {
        kind: 'NUMBER_DANGEROUS',
        severity: 'LOW',
        title: 'bench',
        message: 'bench',
        dedupeKey: `bench:${randomUUID()}`,
      },
    }),
  ),
);
const opened = await api.app.db.case.create({
  data: { title: 'bench', priority: 'LOW', dueAt: new Date(Date.now() + 3600_000), openedBy: 'key:bench' },
});
const caseGid = Buffer.from(`Case:${opened.id}`).toString('base64');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ack: number[] = [];
for (const alert of alerts) {
  const start = performance.now();
  await gql('mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }', {
    id: Buffer.from(`Alert:${alert.id}`).toString('base64'),
  });
  ack.push(performance.now() - start);
}
const comment: number[] = [];
for (let i = 0; i < n; i += 1) {
  const start = performance.now();
  await gql('mutation($id: ID!) { commentOnCase(id: $id, text: "bench") { __typename } }', { id: caseGid });
  comment.push(performance.now() - start);
}
console.log(
  JSON.stringify({
    n,
    acknowledgeAlertMedianMs: Number(median(ack).toFixed(2)),
    commentOnCaseMedianMs: Number(median(comment).toFixed(2)),
  }),
);
await api.close();
