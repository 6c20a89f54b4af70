// The dashboard's web server: Remix pages, static assets, and the /live WebSocket relay.
// `npm run dev -w web` runs it with Vite's middleware; `npm start -w web` serves the build.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { createApiTransport } from '../app/lib/api.server';
import { createOidcLogin } from '../app/lib/auth/oidc.server';
import { buildRequestContext } from '../app/lib/auth/request-context.server';
import { ConfigError, loadConfig } from '../app/lib/config.server';
import { attachLiveRelay } from './live-relay';
import { publicAdmission, sessionAdmission } from './relay-admission';

// Both server/main.ts (dev) and build/server.js (production) sit one level under web/.
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readConfig() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const transport = createApiTransport(config);
// Only the short OIDC round-trip cookie is signed; a random secret just means a restart voids it.
const cookieSecret = config.cookieSecret ?? randomBytes(32).toString('base64url');
const oidc = config.oidc ? createOidcLogin(config.oidc, cookieSecret) : null;

const vite = config.production
  ? null
  : await import('vite').then(({ createServer: createViteServer }) =>
      createViteServer({ root: webRoot, server: { middlewareMode: true } }),
    );

const app = express();
app.disable('x-powered-by');
app.use(compression());
app.use((_request, response, next) => {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
  next();
});
app.get('/healthz', (_request, response) => {
  response.json({ status: 'ok' });
});

let build: ServerBuild | (() => Promise<ServerBuild>);
if (vite) {
  app.use(vite.middlewares);
  build = () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
} else {
  const clientDirectory = path.join(webRoot, 'build/client');
  app.use('/assets', express.static(path.join(clientDirectory, 'assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(clientDirectory, { maxAge: '1h' }));
  build = (await import(pathToFileURL(path.join(webRoot, 'build/server/index.js')).href)) as ServerBuild;
}

app.all(
  '*',
  createRequestHandler({
    build,
    mode: config.production ? 'production' : 'development',
    getLoadContext: (request, response) =>
      buildRequestContext(
        { config, transport, oidc },
        {
          url: new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? 'localhost'}`),
          cookieHeader: request.headers.cookie ?? null,
          forwardedProto: request.get('x-forwarded-proto') ?? null,
          clientAddress: request.socket.remoteAddress ?? null,
          setCookie: (value) => response.append('Set-Cookie', value),
        },
      ),
  }),
);

const server = createServer(app);
const relay = attachLiveRelay(server, {
  upstreamUrl: config.apiWebSocketUrl,
  routes: { '/live': sessionAdmission(transport), '/live/public': publicAdmission },
  log: (message) => console.warn(message),
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Satark dashboard on http://${config.host}:${port} (API ${config.apiUrl})`);
});

function shutdown() {
  void relay.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
