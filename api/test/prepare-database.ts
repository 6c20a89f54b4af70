// `node --import tsx api/test/prepare-database.ts <database url>`: migrates the database and
// stores the start-up model, as the tests' global set-ups need. It runs as a child process:
// in vitest's main process the WebAssembly schema engine loads once per project, and a second
// copy never answers; and training is seconds of synchronous work that would block a worker.
import { pino } from 'pino';
import { applyMigrations } from '../src/database/migrations';
import { createDb } from '../src/db';
import { ensureModel } from '../src/services/model-registry';

const databaseUrl = process.argv[2];
if (!databaseUrl) {
  console.error('usage: prepare-database.ts <database url>');
  process.exit(2);
}
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl, 1);
try {
  await ensureModel(db, pino({ level: 'silent' }));
} finally {
  await db.$disconnect();
}
