// Person: who acknowledged, resolved, assigned or wrote something, by display name. The email
// is there only for roles that may see emails (services/people-names.ts, SECURITY.md).
import { builder, type SatarkTypes } from '../builder';
import type { Context } from '../context';
import { COST } from '../guard/field-costs';
import { type Person, peopleOf, seesEmails, shownActor } from '../services/people-names';
import { batchOnly } from './loaders';

const PersonKindEnum = builder.enumType('PersonKind', {
  values: {
    ACCOUNT: { description: 'A person with an account' },
    API_KEY: { description: 'A program using an API key' },
    ANONYMOUS: { description: 'A member of the public' },
    SYSTEM: { description: 'Satark itself (automatic case grouping, a command line)' },
  } as const,
});

/** Loaded by actor string (`account:<email>`, `key:<name>`, …): one query per tick for a page. */
export const PersonRef = builder.loadableObject('Person', {
  description:
    'Who did something. `email` is null unless the viewer is an ADMIN or an AUDITOR; everyone else sees the display name.',
  load: (actors: string[], context: Context) => peopleOf(context.app.db, actors),
  loaderOptions: batchOnly,
  fields: (t) => ({
    kind: t.field({ type: PersonKindEnum, resolve: (person) => person.kind }),
    displayName: t.exposeString('displayName', {
      description: 'The account’s display name; for a key “API key “name””; else a description',
    }),
    email: t.string({
      nullable: true,
      description: 'For ADMIN and AUDITOR only (null for everyone else and for non-accounts)',
      resolve: (person, _args, context) => (seesEmails(context.viewer) ? person.email : null),
    }),
    accountId: t.id({
      nullable: true,
      description: 'The account, when it is one (compare with `me.id`)',
      resolve: (person) => person.accountId,
    }),
  }),
});

/** A stored actor as the viewer may see it (the email replaced by the display name for most roles). */
export async function actorShownTo(actor: string, context: Context): Promise<string> {
  if (seesEmails(context.viewer) || !actor.startsWith('account:')) return actor;
  const person: Person = await PersonRef.getDataloader(context).load(actor);
  return shownActor(actor, person, context.viewer);
}

export async function optionalActorShownTo(actor: string | null, context: Context): Promise<string | null> {
  return actor === null ? null : actorShownTo(actor, context);
}

/**
 * A `by` field: who did it, as a Person loaded by the stored actor string (batched per page).
 * `who` starts the description ("Who added it").
 */
export function personField<Parent>(
  t: PothosSchemaTypes.ObjectFieldBuilder<SatarkTypes, Parent>,
  who: string,
  actorOf: (parent: Parent) => string,
) {
  return t.field({
    type: PersonRef,
    complexity: COST.batched,
    description: `${who}, by display name (the email for ADMIN and AUDITOR only)`,
    resolve: actorOf,
  });
}
