// Who did something, in words, from the API's Person (acknowledger, resolver, by): the display
// name, the email only where the API sends it (ADMIN and AUDITOR), and "(you)" for the viewer.
import type { Account } from './graphql/people';

/** A Person from the API (who acknowledged, resolved, wrote): the display name; the email only
 * when the API gave it (ADMIN and AUDITOR); "(you)" for the viewer. */
export function personName(
  person: { kind: string; displayName: string; email?: string | null; accountId?: string | null },
  viewer: Pick<Account, 'id' | 'displayName'> | null,
): string {
  if (viewer && person.accountId && person.accountId === viewer.id) return `${viewer.displayName} (you)`;
  return person.email ? `${person.displayName} (${person.email})` : person.displayName;
}
