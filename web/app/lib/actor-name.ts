// Who did something, in words: the API records `account:<email>`, `key:<name>` or `anonymous:<client>`
// (for roles that may not see emails the API sends `account:<display name>` instead). Prefer
// personName with the API's Person fields (acknowledger, resolver, by).
import type { Account } from './graphql/people';

export function actorName(actor: string, viewer: Pick<Account, 'email' | 'displayName'> | null): string {
  const [kind, ...rest] = actor.split(':');
  const who = rest.join(':');
  if (kind === 'account' && who) {
    return viewer && who.toLowerCase() === viewer.email.toLowerCase() ? `${viewer.displayName} (you)` : who;
  }
  if (kind === 'key' && who) return `API key “${who}”`;
  if (kind === 'anonymous') return 'a member of the public';
  return actor;
}

/** A Person from the API (who acknowledged, resolved, wrote): the display name; the email only
 * when the API gave it (ADMIN and AUDITOR); "(you)" for the viewer. */
export function personName(
  person: { kind: string; displayName: string; email?: string | null; accountId?: string | null },
  viewer: Pick<Account, 'id' | 'displayName'> | null,
): string {
  if (viewer && person.accountId && person.accountId === viewer.id) return `${viewer.displayName} (you)`;
  return person.email ? `${person.displayName} (${person.email})` : person.displayName;
}
