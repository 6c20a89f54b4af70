import { describe, expect, it } from 'vitest';
import { personName } from './actor-name';

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
