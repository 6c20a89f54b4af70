import { describe, expect, it } from 'vitest';
import { actorName } from './actor-name';

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
