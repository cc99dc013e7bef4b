import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  type LifecycleUser,
  PrivilegeElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor, definePolicy } from '../../../src/index.js';
import {
  administrationInput,
  administrator,
  contacts,
  administrationPolicy as policy,
} from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../../fixtures/lifecycle-user.js';

const eve = (): LifecycleUser => lifecycleUser('eve');

// An administrator assigns security roles with the privileges they hold: directly, through teams, however
// the role assignment is written.
describe('the security roles an administrator holds', () => {
  it('a role held as a named assignment counts like one held by name', () => {
    const actor = administrator('ursula', ['User administrator'], {
      securityRoles: [{ name: 'Global reader', businessUnitId: 'root' }],
    });
    const admin = administrationBy(abilityFor(policy, actor), fakeEnvironment());
    expect(admin.assignSecurityRole(eve(), 'Global reader').user.securityRoles).toEqual(['Global reader']);
  });

  it("a role held through one of the policy's teams counts", () => {
    const actor = administrator('ursula', ['User administrator'], {
      securityRoles: [],
      teams: ['north-desk'],
    });
    const admin = administrationBy(abilityFor(policy, actor), fakeEnvironment());
    expect(admin.assignSecurityRole(eve(), 'Local reader').user.securityRoles).toEqual(['Local reader']);
    expect(() => admin.assignSecurityRole(eve(), 'Deep reader')).toThrow(PrivilegeElevationError);
  });

  it('a contact allowed assignRole on users holds no security role, so it can assign none that grants anything', () => {
    const local = definePolicy({
      ...administrationInput,
      administrativeRoles: [
        ...administrationInput.administrativeRoles,
        { name: 'User role giver', operations: ['assignRole'], targets: { kinds: ['user'] } },
      ],
    });
    const rep = { ...contacts.rep, administrativeRoles: ['User role giver'] };
    const admin = administrationBy(abilityFor(local, rep), fakeEnvironment());
    expect(() => admin.assignSecurityRole(eve(), 'Basic reader')).toThrow(PrivilegeElevationError);
    expect(admin.assignSecurityRole(eve(), 'No access').event.actorId).toBe('rita');
  });
});
