// `npm run user -- create --email a@b.in --role ANALYST [--name "A B"] [--password-stdin]`,
// `list`, `disable <email>`, `enable <email>`, `reset-password <email>`. Each change is audited
// with the actor `cli:<os user>`.
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { applyMigrations } from '../database/migrations';
import { createDb, type Db } from '../db';
import {
  createAccount,
  findAccountByEmail,
  publicAccount,
  resetPassword,
  roles,
  updateAccount,
} from '../services/accounts';
import { type AuditActor, auditIn } from '../services/audit';
import { fail, withDatabaseUrl } from './with-database';

const program = new Command('user').description("Manage Satark people's accounts");

const cliActor = (): AuditActor => ({
  actor: `cli:${userInfo().username}`,
  actorRole: 'CLI',
  client: 'localhost',
});

/** `migrate`: bring the schema up to date first (create is the command a fresh database sees first). */
async function withDb<T>(work: (db: Db) => Promise<T>, migrate = false): Promise<T> {
  return withDatabaseUrl(async (url) => {
    if (migrate) await applyMigrations(url);
    const db = createDb(url, 2);
    try {
      return await work(db);
    } finally {
      await db.$disconnect();
    }
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the password, without its newline.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function describeError(error: unknown): string {
  if (error instanceof Error && 'issues' in error && Array.isArray(error.issues) && error.issues.length) {
    return `${error.message} (${error.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`).join('; ')})`;
  }
  return error instanceof Error ? error.message : String(error);
}

program
  .command('create')
  .requiredOption('--email <email>', "the person's email (their sign-in name)")
  .addOption(new Option('--role <role>', 'what they may do').choices(roles).makeOptionMandatory())
  .option('--name <name>', 'display name (default: the part of the email before @)')
  .option('--password-stdin', 'read the password from standard input instead of generating a one-time one')
  .option('--json', 'print one JSON object')
  .action(
    async (options: {
      email: string;
      role: (typeof roles)[number];
      name?: string;
      passwordStdin?: boolean;
      json?: boolean;
    }) => {
      const password = options.passwordStdin ? await readStdin() : null;
      const created = await withDb(async (db) => {
        return createAccount(
          db,
          {
            email: options.email,
            displayName: options.name ?? options.email.split('@')[0] ?? options.email,
            role: options.role,
            password,
          },
          auditIn(cliActor(), (account) => ({
            action: 'account.create',
            targetType: 'Account',
            targetId: account.id,
            after: { email: account.email, role: account.role },
          })),
        );
      }, true);
      if (options.json) {
        console.log(
          JSON.stringify({ ...publicAccount(created.account), oneTimePassword: created.oneTimePassword }),
        );
        return;
      }
      console.error(
        `Created ${created.account.role} account ${created.account.email} (${created.account.id}).`,
      );
      if (created.oneTimePassword) {
        console.error('One-time password (shown once; it must be changed at the first sign-in):');
        console.log(created.oneTimePassword);
      }
    },
  );

program
  .command('list')
  .option('--json', 'print one JSON array')
  .action(async (options: { json?: boolean }) => {
    const accounts = await withDb((db) => db.account.findMany({ orderBy: { createdAt: 'asc' } }));
    const rows = accounts.map((a) => ({
      id: a.id,
      email: a.email,
      name: a.displayName,
      role: a.role,
      enabled: a.enabled,
      lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
    }));
    if (options.json) console.log(JSON.stringify(rows));
    else console.table(rows);
  });

async function accountByEmail(db: Db, email: string) {
  const account = await findAccountByEmail(db, email);
  if (!account) fail(`no account with email ${email}`);
  return account;
}

for (const [command, enabled] of [
  ['disable', false],
  ['enable', true],
] as const) {
  program
    .command(command)
    .argument('<email>')
    .description(enabled ? 'allow the account to sign in again' : 'refuse sign-in and end its sessions')
    .action(async (email: string) => {
      const account = await withDb(async (db) => {
        const existing = await accountByEmail(db, email);
        const { after } = await updateAccount(
          db,
          existing.id,
          { enabled },
          auditIn(cliActor(), ({ before, after, revokedSessionIds }) => ({
            action: enabled ? 'account.enable' : 'account.disable',
            targetType: 'Account',
            targetId: after.id,
            before: { enabled: before.enabled },
            after: { enabled: after.enabled, revokedSessions: revokedSessionIds.length },
          })),
        );
        return after;
      });
      console.log(`${enabled ? 'enabled' : 'disabled'} ${account.email}`);
    });
}

program
  .command('reset-password')
  .argument('<email>')
  .description('print a new one-time password; the person must change it at the next sign-in')
  .action(async (email: string) => {
    const reset = await withDb(async (db) => {
      const existing = await accountByEmail(db, email);
      return resetPassword(
        db,
        existing.id,
        auditIn(cliActor(), (result) => ({
          action: 'account.reset_password',
          targetType: 'Account',
          targetId: existing.id,
          after: { revokedSessions: result.revokedSessionIds.length },
        })),
      );
    });
    console.error(`New one-time password for ${reset.account.email} (shown once):`);
    console.log(reset.oneTimePassword);
  });

program.parseAsync().catch((error: unknown) => fail(describeError(error)));
