// `npm run audit -- verify`: walks the audit log's hash chain; prints OK with the count, or
// names the first entry that was changed, removed or reordered and exits 1.
import { Command } from 'commander';
import { createDb } from '../db';
import { verifyAuditChain } from '../services/audit';
import { fail, withDatabaseUrl } from './with-database';

const program = new Command('audit').description('The tamper-evident audit log');

program
  .command('verify')
  .option('--json', 'print one JSON object')
  .action(async (options: { json?: boolean }) => {
    const result = await withDatabaseUrl(async (url) => {
      const db = createDb(url, 2);
      try {
        return await verifyAuditChain(db);
      } finally {
        await db.$disconnect();
      }
    });
    if (options.json) console.log(JSON.stringify(result));
    else if (result.ok) console.log(`OK: ${result.count} audit entries, hash chain intact`);
    else console.error(`TAMPERED: ${result.message} (${result.count} entries before it verified)`);
    process.exitCode = result.ok ? 0 : 1;
  });

program.parseAsync().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
