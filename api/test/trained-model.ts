// Trains the start-up model once, in the global setup, and stores it: every API the tests start
// then loads it instead of training in its test worker. Training is seconds of synchronous work,
// and a worker whose event loop is blocked that long on a busy machine misses vitest's RPC
// deadline (the run then fails after every test has passed).
import { pino } from 'pino';
import { createDb } from '../src/db';
import { ensureModel } from '../src/services/model-registry';

export async function storeStartupModel(databaseUrl: string, poolSize = 1): Promise<void> {
  const db = createDb(databaseUrl, poolSize);
  try {
    await ensureModel(db, pino({ level: 'silent' }));
  } finally {
    await db.$disconnect();
  }
}
