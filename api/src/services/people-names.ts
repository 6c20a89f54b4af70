// Who did something, as other people see it: a person's display name, never their email unless
// the viewer's role may see emails (ADMIN, AUDITOR: they manage accounts and read the audit log,
// which records `account:<email>`). SECURITY.md, "People's names and emails".
import type { Viewer } from '../auth';
import type { Db } from '../db';

export type PersonKind = 'ACCOUNT' | 'API_KEY' | 'ANONYMOUS' | 'SYSTEM';

/** An actor string (`account:<email>`, `key:<name>`, `anonymous:<client>`, `system:<job>`) resolved. */
export interface Person {
  actor: string;
  kind: PersonKind;
  accountId: string | null;
  /** Only the resolver decides whether a viewer gets it. */
  email: string | null;
  displayName: string;
}

/** Emails are for the roles that manage accounts or read the audit log. */
export function seesEmails(viewer: Viewer): boolean {
  return !viewer.mustChangePassword && (viewer.role === 'ADMIN' || viewer.role === 'AUDITOR');
}

function kindOf(actor: string): { kind: PersonKind; rest: string } {
  const colon = actor.indexOf(':');
  const prefix = colon < 0 ? '' : actor.slice(0, colon);
  const rest = colon < 0 ? actor : actor.slice(colon + 1);
  if (prefix === 'account' && rest) return { kind: 'ACCOUNT', rest };
  if (prefix === 'key' && rest) return { kind: 'API_KEY', rest };
  if (prefix === 'anonymous') return { kind: 'ANONYMOUS', rest };
  return { kind: 'SYSTEM', rest };
}

/** Resolves many actors with one query for the accounts among them. */
export async function peopleOf(db: Db, actors: readonly string[]): Promise<Person[]> {
  const parsed = actors.map((actor) => ({ actor, ...kindOf(actor) }));
  const emails = [...new Set(parsed.filter((p) => p.kind === 'ACCOUNT').map((p) => p.rest.toLowerCase()))];
  const accounts = emails.length
    ? await db.account.findMany({
        where: { email: { in: emails } },
        select: { id: true, email: true, displayName: true },
      })
    : [];
  const byEmail = new Map(accounts.map((account) => [account.email, account]));
  return parsed.map(({ actor, kind, rest }) => {
    if (kind === 'ACCOUNT') {
      const account = byEmail.get(rest.toLowerCase());
      return {
        actor,
        kind,
        accountId: account?.id ?? null,
        email: rest,
        // An account cannot be deleted; an actor without one (written by hand) shows no email.
        displayName: account?.displayName ?? 'an unknown account',
      };
    }
    if (kind === 'API_KEY')
      return { actor, kind, accountId: null, email: null, displayName: `API key “${rest}”` };
    if (kind === 'ANONYMOUS')
      return { actor, kind, accountId: null, email: null, displayName: 'a member of the public' };
    return { actor, kind, accountId: null, email: null, displayName: rest || actor };
  });
}

/**
 * A stored actor string as a viewer may see it: unchanged for ADMIN and AUDITOR and for actors
 * that are not accounts; otherwise `account:<display name>`, so no email leaves through it.
 */
export function shownActor(actor: string, person: Person | undefined, viewer: Viewer): string {
  if (seesEmails(viewer) || kindOf(actor).kind !== 'ACCOUNT') return actor;
  return `account:${person?.displayName ?? 'an unknown account'}`;
}
