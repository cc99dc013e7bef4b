import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  type LifecycleUser,
  PrivilegeElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor, definePolicy } from '../../../src/index.js';
import { administrationInput, administrator } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../../fixtures/lifecycle-user.js';

// Entra roles come from the tenant and carry the system administrator role (seed 002): no administrative
// operation of this library may hand one out, and a Global administrator assigns as the role it holds.
const policy = definePolicy({
  ...administrationInput,
  securityRoles: [
    ...administrationInput.securityRoles,
    {
      name: 'System Administrator',
      privileges: { salesorder: { read: 'organization', write: 'organization' } },
    },
  ],
  internalUsers: { systemAdministratorRole: 'System Administrator' },
});
const by = (actor: Parameters<typeof abilityFor>[1]) =>
  administrationBy(abilityFor(policy, actor), fakeEnvironment());
const eve: LifecycleUser = lifecycleUser('eve');

describe('Entra roles in administration', () => {
  it('an update cannot make someone an Entra administrator, nor lift a pending invitation', () => {
    const admin = by(administrator('gina', ['Global administrator']));
    expect(() =>
      admin.updateUser(eve, { ...eve, entraRoles: ['Global administrator'] } as LifecycleUser),
    ).toThrow(/"entraRoles" cannot be changed/);
    const pending = { ...eve, invitationPending: true };
    expect(() => admin.updateUser(pending, { ...pending, invitationPending: false })).toThrow(
      /"invitationPending" cannot be changed/,
    );
  });

  it('a new account cannot start as an Entra administrator', () => {
    const admin = by(administrator('gina', ['Global administrator']));
    expect(() =>
      admin.createUser({
        kind: 'user',
        id: 'new',
        businessUnitId: 'east',
        entraRoles: ['Global administrator'],
      }),
    ).toThrow(/a new account holds no entraRoles/);
  });

  it("an Entra administrator assigns roles up to the system administrator role's privileges", () => {
    const entraAdmin = administrator('gina', ['Global administrator'], {
      securityRoles: [],
      entraRoles: ['Global administrator'],
    });
    expect(by(entraAdmin).assignSecurityRole(eve, 'Global reader').user.securityRoles).toEqual([
      'Global reader',
    ]);
    const plainAdmin = administrator('gil', ['Global administrator'], { securityRoles: [] });
    expect(() => by(plainAdmin).assignSecurityRole(eve, 'Global reader')).toThrow(PrivilegeElevationError);
  });
});
