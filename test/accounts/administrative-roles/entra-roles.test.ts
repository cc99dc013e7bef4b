import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  type LifecycleUser,
  OperationNotAllowedError,
  PrivilegeElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor, definePolicy, type UserPrincipal } from '../../../src/index.js';
import { administrationInput, administrator, contacts } from '../../fixtures/administration.js';
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

describe('Entra administrator roles administer accounts through administrationBy', () => {
  const entraOnly = (id: string, entraRoles: UserPrincipal['entraRoles']): UserPrincipal => ({
    kind: 'user',
    id,
    businessUnitId: 'east',
    entraRoles,
  });
  const refusalOf = (run: () => unknown): Error => {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a refusal');
  };

  it('a Global administrator by Entra role alone deletes, restores, blocks, resets and invites', async () => {
    const admin = by(entraOnly('gina', ['Global administrator']));
    const deleted = admin.deleteAccount(eve);
    const licences = { seats: 1, users: [deleted.account], invitations: [] };
    const restored = admin.restore(deleted.account, deleted.deletion, licences);
    const blocked = admin.blockSignIn(restored.account);
    const reset = admin.resetPassword(eve);
    const invited = await admin.invite({
      contacts: [contacts.jane],
      assignWebRoles: ['Customer representative'],
    });
    expect([deleted, restored, blocked, reset].map(({ event }) => event.actorId)).toEqual([
      'gina',
      'gina',
      'gina',
      'gina',
    ]);
    expect(blocked.account.state).toBe('blocked');
    expect(reset.account.mustChangePassword).toBe(true);
    expect(invited.event.actorId).toBe('gina');
  });

  it('a Password administrator cannot reset the password of a Global administrator known only from Entra', () => {
    const globalAdmin = lifecycleUser('gus', { entraRoles: ['Global administrator'] });
    for (const actor of [
      entraOnly('paul', ['Password administrator']),
      administrator('pat', ['Password administrator']),
      entraOnly('ulla', ['User administrator']),
    ]) {
      expect(() => by(actor).resetPassword(globalAdmin)).toThrow(OperationNotAllowedError);
    }
    expect(
      by(entraOnly('paul', ['Password administrator'])).resetPassword(eve).account.mustChangePassword,
    ).toBe(true);
  });

  it('a target whose entraRoles is mistyped is refused, not taken for a non-administrator', () => {
    const passwordAdmin = by(entraOnly('paul', ['Password administrator']));
    for (const entraRoles of [
      ['Global Administrator'],
      ['Global administrator '],
      ['__proto__'],
      'Global administrator',
    ]) {
      const target = { ...eve, entraRoles } as unknown as LifecycleUser;
      expect(refusalOf(() => passwordAdmin.resetPassword(target))).toMatchObject({
        code: 'invalid_principal',
        issues: [expect.objectContaining({ code: 'unknown_entra_role' })],
      });
    }
  });

  it('a refusal names the operation the Entra role lacks, not a security role or a licence', () => {
    const helpdesk = by(entraOnly('hana', ['Helpdesk administrator']));
    const refusal = refusalOf(() => helpdesk.deleteAccount(eve));
    expect(refusal).toBeInstanceOf(OperationNotAllowedError);
    expect(refusal.message).toMatchInlineSnapshot(
      `"user "hana" cannot deleteAccount user "eve": a Helpdesk administrator may not delete user accounts; ask someone whose administrative role allows deleteAccount on this account"`,
    );
    const nobody = refusalOf(() => by(entraOnly('pip', ['Power Platform administrator'])).blockSignIn(eve));
    expect(nobody.message).toMatchInlineSnapshot(
      `"user "pip" cannot blockSignIn user "eve": they hold no administrative role, so they may not block or unblock the sign-in of user accounts; ask someone whose administrative role allows blockSignIn on this account"`,
    );
  });

  it('a User administrator cannot give an administrative role, a security role, or purge', () => {
    const admin = by(entraOnly('ulla', ['User administrator']));
    expect(() => admin.assignAdministrativeRole(eve, 'Password administrator')).toThrow(
      expect.objectContaining({ code: 'operation_not_allowed', operation: 'manageRoles' }),
    );
    expect(() => admin.assignSecurityRole(eve, 'Basic reader')).toThrow(
      expect.objectContaining({ code: 'operation_not_allowed', operation: 'assignRole' }),
    );
    const deleted = admin.deleteAccount(eve);
    expect(() => admin.purge(deleted.account)).toThrow(
      expect.objectContaining({ code: 'operation_not_allowed', operation: 'purge' }),
    );
  });

  it('a Global administrator by Entra role gives administrative roles, which it holds every power of', () => {
    const given = by(entraOnly('gina', ['Global administrator'])).assignAdministrativeRole(
      eve,
      'Password administrator',
    );
    expect(given.account.administrativeRoles).toEqual(['Password administrator']);
  });

  it('a User administrator cannot delete or reset a customer administrator contact', () => {
    const admin = by(entraOnly('ulla', ['User administrator']));
    expect(() => admin.resetPassword(contacts.rep)).toThrow(OperationNotAllowedError);
    expect(admin.resetPassword(contacts.jane).event.actorId).toBe('ulla');
  });
});
