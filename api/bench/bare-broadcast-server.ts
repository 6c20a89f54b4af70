// The floor for fan-out: plain `ws`, no GraphQL. A POST /publish with { ids } is sent at once to
// every open socket as the message graphql-ws would carry for `threatStream { events { id } }`,
// serialised once. bench:pipeline measures ingest -> subscriber against this, on the same
// machine, with the same number of sockets and the same client code path (one JSON.parse each).
// Prints "ready <url>" when serving (see bench-support.ts spawnServer).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/publish') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let ids: unknown;
    try {
      ids = (JSON.parse(Buffer.concat(chunks).toString()) as { ids?: unknown }).ids;
    } catch {
      ids = undefined;
    }
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      res.writeHead(400).end('expected { "ids": string[] }');
      return;
    }
    const message = JSON.stringify({
      id: '1',
      type: 'next',
      payload: { data: { threatStream: { events: ids.map((id) => ({ id })) } } },
    });
    for (const socket of sockets.clients) socket.send(message);
    res.writeHead(204).end();
  });
});
const sockets = new WebSocketServer({ server, path: '/broadcast' });

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`ready http://127.0.0.1:${port}/broadcast\n`);
});
process.once('SIGTERM', () => {
  for (const socket of sockets.clients) socket.terminate();
  server.close(() => process.exit(0));
});
