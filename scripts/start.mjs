// `npm start`: the API on :4000 (embedded PostgreSQL unless DATABASE_URL is set) and the
// dashboard on :3000, which talks to the API with its own ANALYST key.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.DATA_DIR ?? path.join(root, '.data');
const apiPort = process.env.API_PORT ?? process.env.PORT ?? '4000';
const webPort = process.env.WEB_PORT ?? '3000';

function dashboardKey() {
  if (process.env.DASHBOARD_API_KEY) return process.env.DASHBOARD_API_KEY;
  const file = path.join(dataDir, 'dashboard-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `sk_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const key = dashboardKey();
const children = [];

function run(name, command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    console.error(`[start] ${name} exited (${signal ?? code}); stopping`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const webBuilt = existsSync(path.join(root, 'web/build/server/index.js'));
const hasWeb = existsSync(path.join(root, 'web/app'));
if (hasWeb && !webBuilt) {
  console.error('[start] building the dashboard (first start only)…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

run('api', process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
  PORT: apiPort,
  DASHBOARD_API_KEY: key,
});
if (hasWeb) {
  run('web', 'npm', ['run', 'start', '-w', 'web'], {
    PORT: webPort,
    API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}/graphql`,
    DASHBOARD_API_KEY: key,
  });
}
