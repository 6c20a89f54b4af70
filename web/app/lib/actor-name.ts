// Who did something, in words: the API records `account:<email>`, `key:<name>` or `anonymous:<client>`
// (or, once it stores it, the person's display name as is).
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
