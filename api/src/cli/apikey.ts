// `npm run apikey -- create --role ANALYST [--name NAME]` prints a new key (shown once).
import { Command, Option } from 'commander';
import { applyMigrations } from '../database/migrations';
import { createDb } from '../db';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { fail, withDatabaseUrl } from './with-database';

const roles = ['ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'] as const;
const program = new Command('apikey').description('Manage Satark API keys');

program
  .command('create')
  .addOption(new Option('--role <role>', 'what the key may do').choices(roles).makeOptionMandatory())
  .option('--name <name>', 'a name to recognise the key by', 'cli')
  .option('--json', 'print one JSON object')
  .action(async (options: { role: (typeof roles)[number]; name: string; json?: boolean }) => {
    const created = await withDatabaseUrl(async (url) => {
      await applyMigrations(url);
      const db = createDb(url, 2);
      try {
        return await createApiKey(db, { name: options.name, role: options.role });
      } finally {
        await db.$disconnect();
      }
    });
    if (options.json) {
      console.log(
        JSON.stringify({
          key: created.key,
          id: created.apiKey.id,
          role: created.apiKey.role,
          name: created.apiKey.name,
        }),
      );
    } else {
      console.error(
        `Created ${created.apiKey.role} key "${created.apiKey.name}" (${created.apiKey.id}). It is shown once:`,
      );
      console.log(created.key);
    }
  });

program.command('list').action(async () => {
  const keys = await withDatabaseUrl(async (url) => {
    const db = createDb(url, 2);
    try {
      return await listApiKeys(db);
    } finally {
      await db.$disconnect();
    }
  });
  console.table(
    keys.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      prefix: k.prefix,
      revoked: Boolean(k.revokedAt),
    })),
  );
});

program
  .command('revoke')
  .argument('<id>')
  .action(async (id: string) => {
    const revoked = await withDatabaseUrl(async (url) => {
      const db = createDb(url, 2);
      try {
        return await revokeApiKey(db, id);
      } finally {
        await db.$disconnect();
      }
    });
    if (!revoked) fail(`no key with id ${id}`);
    console.log(`revoked ${revoked.id}`);
  });

program.parseAsync().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
