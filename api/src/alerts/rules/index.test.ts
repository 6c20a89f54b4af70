import { describe, expect, it } from 'vitest';
import { AlertKind } from '../../generated/prisma/enums';
import { alertRules } from '.';

describe('alert rules', () => {
  it('has exactly one rule for every kind of the Prisma enum', () => {
    expect(Object.keys(alertRules).sort()).toEqual(Object.values(AlertKind).sort());
  });
});
