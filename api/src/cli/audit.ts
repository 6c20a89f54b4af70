// `npm run audit -- verify [--anchor <seq>:<hash>]`: walks the audit log's hash chain; prints OK
// with the count and the head to note down, or names the first entry that was changed, removed
// or reordered and exits 1.
import { Command } from 'commander';
import { createDb } from '../db';
import { auditHead, checkAnchor, verifyAuditChain } from '../services/audit';
import { fail, withDatabaseUrl } from './with-database';

const program = new Command('audit').description('The tamper-evident audit log');

program
  .command('verify')
  .option('--anchor <seq:hash>', 'a head printed by an earlier verify: it must still be there, unchanged')
  .option('--json', 'print one JSON object')
  .action(async (options: { anchor?: string; json?: boolean }) => {
    const { result, head, anchorProblem } = await withDatabaseUrl(async (url) => {
      const db = createDb(url, 2);
      try {
        return {
          result: await verifyAuditChain(db),
          head: await auditHead(db),
          anchorProblem: options.anchor ? await checkAnchor(db, options.anchor) : null,
        };
      } finally {
        await db.$disconnect();
      }
    });
    const ok = result.ok && !anchorProblem;
    if (options.json) {
      console.log(JSON.stringify({ ...result, ok, head, anchorProblem }));
    } else if (!result.ok) {
      console.error(`TAMPERED: ${result.message} (${result.count} entries before it verified)`);
    } else if (anchorProblem) {
      console.error(`TAMPERED: ${anchorProblem} (the chain up to ${head?.seq ?? 0} is intact)`);
    } else {
      console.log(`OK: ${result.count} audit entries, hash chain intact`);
      if (head) console.log(`head: ${head.seq}:${head.hash} (keep it; verify --anchor <head> later)`);
    }
    process.exitCode = ok ? 0 : 1;
  });

program.parseAsync().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
