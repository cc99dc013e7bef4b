import { describe, expect, it } from 'vitest';
import { AdministrativeElevationError, administrationBy } from '../../../src/accounts/index.js';
import { abilityFor, definePolicy } from '../../../src/index.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';

// An administrative role reaches the organization, a business unit and those below it, or the holder's own
// customer account; an administrator may give only roles that reach no further than their own.
const local = definePolicy({
  tables: { contact: {} },
  businessUnits: [{ id: 'root' }, { id: 'a', parent: 'root' }],
  administrativeRoles: [
    {
      name: 'Unit manager',
      operations: ['manageRoles', 'resetPassword'],
      targets: { kinds: ['user'], businessUnit: 'sameOrBelow' },
    },
    {
      name: 'Account manager',
      operations: ['manageRoles', 'resetPassword'],
      targets: { kinds: ['contact'], account: 'own' },
    },
    { name: 'User resetter', operations: ['resetPassword'], targets: { kinds: ['user'] } },
    { name: 'Contact resetter', operations: ['resetPassword'], targets: { kinds: ['contact'] } },
    {
      name: 'Unit resetter',
      operations: ['resetPassword'],
      targets: { kinds: ['user'], businessUnit: 'sameOrBelow' },
    },
    {
      name: 'Account resetter',
      operations: ['resetPassword'],
      targets: { kinds: ['contact'], account: 'own' },
    },
  ],
});

const given = (actor: Parameters<typeof abilityFor>[1], target: { kind: 'user' | 'contact'; id: string }) => {
  const admin = administrationBy(abilityFor(local, actor), fakeEnvironment());
  return (role: string): boolean => {
    try {
      admin.assignAdministrativeRole(target as never, role);
      return true;
    } catch (error) {
      if (error instanceof AdministrativeElevationError) return false;
      throw error;
    }
  };
};

describe('an administrative role is given only by someone whose reach it does not exceed', () => {
  it('a unit-limited manager gives a unit-limited role, not an unlimited one', () => {
    const give = given(
      { kind: 'user', id: 'um', businessUnitId: 'a', administrativeRoles: ['Unit manager'] },
      { kind: 'user', id: 't', businessUnitId: 'a' } as never,
    );
    expect([give('Unit resetter'), give('User resetter')]).toEqual([true, false]);
  });

  it('an account-limited manager gives an account-limited role, not an unlimited one', () => {
    const give = given(
      {
        kind: 'contact',
        id: 'am',
        accountId: 'X',
        legalEntity: 'usmf',
        administrativeRoles: ['Account manager'],
      },
      { kind: 'contact', id: 't', accountId: 'X', legalEntity: 'usmf' } as never,
    );
    expect([give('Account resetter'), give('Contact resetter')]).toEqual([true, false]);
  });
});
