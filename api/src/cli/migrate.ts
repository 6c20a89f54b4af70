// `npm run db:migrate` applies prisma/migrations; `npm run db:migration -- <name>` writes one.
import { Command } from 'commander';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { applyMigrations, createMigration } from '../database/migrations';
import { lastSchemaEnginePanic } from '../database/schema-engine';
import { fail, withDatabaseUrl } from './with-database';

const program = new Command('migrate').description('Offline Prisma migrations (WebAssembly schema engine)');

program
  .command('deploy')
  .description('apply every migration in prisma/migrations not yet applied')
  .action(async () => {
    const applied = await withDatabaseUrl((url) => applyMigrations(url));
    console.log(
      applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date; nothing to apply',
    );
  });

program
  .command('create')
  .argument('<name>', 'migration name: letters, digits and _')
  .description('write prisma/migrations/<timestamp>_<name>/migration.sql from schema.prisma')
  .action(async (name: string) => {
    const result = await withDatabaseUrl(async (url, embedded) => {
      if (!embedded) return createMigration(url, name);
      // The embedded server cannot host a shadow database beside its own, so use a second one.
      const shadow = await startEmbeddedPostgres();
      try {
        return await createMigration(url, name, { shadowConnectionString: shadow.connectionString });
      } finally {
        await shadow.stop();
      }
    });
    console.log(
      result
        ? `wrote ${result.directory}/migration.sql`
        : 'schema.prisma matches the migrations; nothing to write',
    );
  });

program.parseAsync().catch((error: unknown) => {
  const panic = lastSchemaEnginePanic();
  fail(`${error instanceof Error ? error.message : String(error)}${panic ? `\n${panic}` : ''}`);
});
