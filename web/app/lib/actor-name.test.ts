import { describe, expect, it } from 'vitest';
import { actorName, personName } from './actor-name';

const asha = { email: 'asha@bank.in', displayName: 'Asha Rao' };

describe('who did it, in words', () => {
  it('names the signed-in person by their display name', () => {
    expect(actorName('account:Asha@bank.in', asha)).toBe('Asha Rao (you)');
  });

  it('names other people by their email, keys by name, and the public as such', () => {
    expect(actorName('account:ravi@bank.in', asha)).toBe('ravi@bank.in');
    expect(actorName('key:fraud desk', asha)).toBe('API key “fraud desk”');
    expect(actorName('anonymous:203.0.113.9', null)).toBe('a member of the public');
  });

  it('shows a display name the API recorded as it is', () => {
    expect(actorName('Ravi Kumar', asha)).toBe('Ravi Kumar');
  });
});

describe('a Person from the API, in words', () => {
  const me = { id: 'a-1', displayName: 'Asha Rao' };
  it('shows the display name; the email only when the API sent it (ADMIN, AUDITOR)', () => {
    const ravi = { kind: 'ACCOUNT', displayName: 'Ravi Kumar', email: null, accountId: 'a-2' };
    expect(personName(ravi, me)).toBe('Ravi Kumar');
    expect(personName({ ...ravi, email: 'ravi@bank.in' }, me)).toBe('Ravi Kumar (ravi@bank.in)');
  });
  it('marks the viewer', () => {
    expect(personName({ kind: 'ACCOUNT', displayName: 'Asha', email: null, accountId: 'a-1' }, me)).toBe(
      'Asha Rao (you)',
    );
  });
  it('names keys and the system as the API describes them', () => {
    expect(personName({ kind: 'API_KEY', displayName: 'API key “fraud desk”' }, me)).toBe(
      'API key “fraud desk”',
    );
  });
});
