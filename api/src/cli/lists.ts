// `npm run lists -- import --list NAME --file F [--create ALLOW|BLOCK]` and
// `npm run lists -- export --list NAME [--file F]`: allow/block lists from the command line, for
// files larger than MAX_BODY_BYTES. The import is all rows or none, like importListEntries, and
// audited as `cli:<user>`; running instances pick the change up within LIST_POLL_MS (the CLI
// has no pub/sub of its own).
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Command } from 'commander';
import { createDb } from '../db';
import { recordLabels } from '../services/labels';
import { listCsvChunks, parseListCsv } from '../services/list-csv';
import { createList, findListByName, InvalidListRowsError, importListEntries } from '../services/lists';
import { fail, withDatabaseUrl } from './with-database';

const program = new Command('lists').description('Allow and block lists');
const who = () => ({ actor: `cli:${userInfo().username}`, actorRole: 'ADMIN' });

program
  .command('import')
  .requiredOption('--list <name>', 'the list to add to')
  .requiredOption('--file <path>', 'CSV: number | prefix | from,to, reason, expires_at, source')
  .option('--create <kind>', 'create the list first (ALLOW or BLOCK) when it does not exist')
  .action(async (options: { list: string; file: string; create?: string }) => {
    if (options.create && options.create !== 'ALLOW' && options.create !== 'BLOCK') {
      fail('--create takes ALLOW or BLOCK');
    }
    const text = await readFile(options.file, 'utf8').catch((error: Error) => fail(error.message));
    await withDatabaseUrl(async (url) => {
      const db = createDb(url, 2);
      try {
        const list = await findListByName(db, options.list).catch(async (error) => {
          if (!options.create) throw error;
          return createList({ db }, { name: options.list, kind: options.create as 'ALLOW' | 'BLOCK' }, who());
        });
        const started = Date.now();
        const parsed = parseListCsv(text);
        const { imported } = await importListEntries(
          { db, recordLabels },
          list.id,
          parsed.rows,
          who(),
          parsed.rowNumber,
        );
        console.log(
          `imported ${imported} entries into ${list.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      } catch (error) {
        if (error instanceof InvalidListRowsError) {
          for (const row of error.rows) console.error(`row ${row.row}: ${row.message}`);
          fail(error.message);
        }
        fail(error instanceof Error ? error.message : String(error));
      } finally {
        await db.$disconnect();
      }
    });
  });

program
  .command('export')
  .requiredOption('--list <name>', 'the list to write')
  .option('--file <path>', 'where to write (default: standard output)')
  .action(async (options: { list: string; file?: string }) => {
    await withDatabaseUrl(async (url) => {
      const db = createDb(url, 2);
      const out: NodeJS.WritableStream = options.file ? createWriteStream(options.file) : process.stdout;
      try {
        const list = await findListByName(db, options.list);
        for await (const chunk of listCsvChunks(db, list.id)) {
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      } finally {
        if (options.file) out.end();
        await db.$disconnect();
      }
    });
  });

await program.parseAsync();
