// `npm start`: the API on :4000 (embedded PostgreSQL unless DATABASE_URL is set) and the
// dashboard on :3000, which talks to the API with its own ANALYST key.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/** The newest modification time of the files under `dir` (dependencies, builds and browser tests aside). */
function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'build', 'e2e'].includes(entry.name) || entry.name.startsWith('.')) continue;
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(file) : statSync(file).mtimeMs);
  }
  return newest;
}

// Built when missing, and rebuilt when any of its sources changed after the build (a `git
// pull` gives the files it changes a new time): never serve an old dashboard.
const webRoot = path.join(root, 'web');
const builtFile = path.join(webRoot, 'build/server/index.js');
const hasWeb = existsSync(path.join(webRoot, 'app'));
if (hasWeb) {
  const builtAt = existsSync(builtFile) ? statSync(builtFile).mtimeMs : 0;
  if (newestChange(webRoot) > builtAt) {
    console.error(
      builtAt
        ? '[start] the dashboard changed since its build: rebuilding…'
        : '[start] building the dashboard…',
    );
    const build = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
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
