// The CSV export helper on a real HTTP server, with exports made up for the test: who may read,
// what a bad request gets, and that a file stops being read when its reader goes away.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, anonymousViewer, type Viewer } from '../src/auth';
import { type CsvExport, dateParam, matchCsvExport, serveCsvExport } from '../src/csv-export';
import type { Db } from '../src/db';
import { NotFoundError } from '../src/services/errors';
import { eventually } from './harness';

const analyst: Viewer = { ...anonymousViewer('127.0.0.1'), role: 'ANALYST', actor: 'key:test', keyId: 'k1' };
const viewers: Record<string, Viewer> = {
  'Bearer analyst': analyst,
  'Bearer auditor': { ...analyst, role: 'AUDITOR' },
};

const reading = { chunks: 0, finished: false };

const small: CsvExport = {
  path: /^\/things\/(\w+)\.csv$/,
  role: 'ANALYST',
  subject: 'things',
  async open(_db, { params: [id], query }) {
    if (id === 'missing') throw new NotFoundError('Thing', id);
    const from = dateParam(query, 'from');
    return {
      filename: `things-${id}.csv`,
      chunks: (async function* () {
        yield 'id,from\n';
        yield `${id},${from?.toISOString() ?? ''}\n`;
      })(),
    };
  },
};

/** Never ends: only a reader going away stops it. */
const endless: CsvExport = {
  path: /^\/endless\.csv$/,
  role: 'ANALYST',
  subject: 'the endless file',
  async open() {
    return {
      filename: 'endless.csv',
      chunks: (async function* () {
        try {
          for (;;) {
            reading.chunks += 1;
            yield `${'x'.repeat(64 * 1024)}\n`;
          }
        } finally {
          reading.finished = true;
        }
      })(),
    };
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const match = matchCsvExport([small, endless], (req.url ?? '/').split('?')[0] ?? '/');
    if (!match) return void res.writeHead(404).end();
    void serveCsvExport(req, res, match.csvExport, match.params, {
      db: {} as Db,
      viewer: async () => {
        const header = req.headers.authorization;
        if (!header) return anonymousViewer('127.0.0.1');
        const viewer = viewers[header];
        if (!viewer) throw new AuthenticationError('Unknown or revoked API key');
        return viewer;
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (path: string, authorization?: string, method = 'GET') =>
  fetch(`${base}${path}`, { method, headers: authorization ? { authorization } : {} });

describe('CSV exports', () => {
  it('streams the file to a role that may read it', async () => {
    const response = await get('/things/abc.csv?from=2026-11-23T10:00:00Z', 'Bearer analyst');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="things-abc.csv"');
    expect(await response.text()).toBe('id,from\nabc,2026-11-23T10:00:00.000Z\n');
  });

  it('answers who may not read, and bad requests, with a typed JSON error', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [get('/things/abc.csv'), 401, 'UNAUTHENTICATED'],
      [get('/things/abc.csv', 'Bearer forged'), 401, 'UNAUTHENTICATED'],
      [get('/things/abc.csv', 'Bearer analyst', 'POST'), 405, 'METHOD_NOT_ALLOWED'],
      [get('/things/abc.csv?from=yesterday', 'Bearer analyst'), 400, 'BAD_USER_INPUT'],
      [get('/things/missing.csv', 'Bearer analyst'), 404, 'NOT_FOUND'],
    ];
    for (const [response, status, code] of cases) {
      const answered = await response;
      expect(answered.status).toBe(status);
      expect(((await answered.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    // AUDITOR reads what ANALYST reads (hasRole decides).
    expect((await get('/things/abc.csv', 'Bearer auditor')).status).toBe(200);
  });

  it('stops reading the file when the reader goes away', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/endless.csv`, { headers: { authorization: 'Bearer analyst' } }, (res) => {
        expect(res.statusCode).toBe(200);
        // Read nothing: the server fills the socket's buffers, then waits for them to drain.
        res.pause();
        resolve();
      });
      req.on('error', reject);
      req.end();
    });
    await eventually(() => (reading.chunks > 2 ? true : undefined), 10_000, 'the server to fill the socket');
    server.closeAllConnections();
    // `finished` is set when the generator is returned: nothing reads it any more.
    await eventually(() => (reading.finished ? true : undefined), 10_000, 'the file to stop being read');
  });
});
