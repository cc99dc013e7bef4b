import { describe, expect, it } from 'vitest';
import {
  AdministrativeElevationError,
  administrationBy,
  isLifecycleRefusal,
  type LifecycleUser,
  OperationNotAllowedError,
  PrivilegeElevationError,
  WebRoleElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor } from '../../../src/index.js';
import { administrator, contacts, administrationPolicy as policy } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';

function setup() {
  const environment = fakeEnvironment();
  const by = (actor: Parameters<typeof abilityFor>[1]) =>
    administrationBy(abilityFor(policy, actor), environment);
  const lifecycleUser = (
    id: string,
    securityRoles: string[],
    businessUnitId = 'east',
  ): LifecycleUser & { administrativeRoles: string[] } => ({
    kind: 'user',
    id,
    businessUnitId,
    securityRoles,
    accessMode: 'read-write',
    enabled: true,
    licensed: true,
    userType: 'person',
    administrativeRoles: [],
  });
  return { environment, by, lifecycleUser };
}

describe('administrationBy', () => {
  it('a user administrator assigns a security role they hold, and not one they do not (no elevation)', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('ursula', ['User administrator'], { securityRoles: ['Sales manager'] }));
    const { user, event } = admin.assignSecurityRole(lifecycleUser('eve', []), 'Deep reader');
    expect(user.securityRoles).toEqual(['Deep reader']);
    expect(event).toMatchObject({ type: 'role.assigned', actorId: 'ursula', subjectId: 'eve' });
    expect(() => admin.assignSecurityRole(lifecycleUser('eve', []), 'Global reader')).toThrow(
      PrivilegeElevationError,
    );
  });

  it('a global administrator gives an administrative role they hold; a user administrator cannot manage roles', () => {
    const { by } = setup();
    const target = administrator('eve', []);
    const given = by(administrator('gina', ['Global administrator'])).assignAdministrativeRole(
      target,
      'Helpdesk agent',
    );
    expect(given.account.administrativeRoles).toEqual(['Helpdesk agent']);
    expect(given.event).toMatchObject({
      type: 'administrativeRole.assigned',
      actorId: 'gina',
      details: { role: 'Helpdesk agent' },
    });
    expect(() =>
      by(administrator('ursula', ['User administrator'])).assignAdministrativeRole(target, 'Helpdesk agent'),
    ).toThrow(OperationNotAllowedError);
  });

  it('an administrator may give only administrative roles whose every power they hold', () => {
    const { by } = setup();
    const manager = administrator('max', ['Sales user administrator'], { businessUnitId: 'sales' });
    // Holding manageRoles is not enough: the role given must not reach further than the giver.
    const giver = by({
      ...manager,
      administrativeRoles: ['Sales user administrator', 'Global administrator'],
    });
    expect(
      giver.assignAdministrativeRole(administrator('e', []), 'User administrator').account
        .administrativeRoles,
    ).toEqual(['User administrator']);
    const limitedGiver = abilityFor(policy, manager);
    expect(limitedGiver.can('manageRoles', 'user')).toBe(false);
  });

  it('refuses an administrative role the assigner does not fully hold, even with manageRoles', async () => {
    const { definePolicy } = await import('../../../src/index.js');
    const local = definePolicy({
      tables: { contact: {} },
      businessUnits: [{ id: 'root' }, { id: 'a', parent: 'root' }],
      administrativeRoles: [
        {
          name: 'Role manager',
          operations: ['manageRoles', 'resetPassword'],
          targets: { nonAdministrators: true },
        },
        { name: 'Users only', operations: ['resetPassword'], targets: { kinds: ['user'] } },
      ],
    });
    const actor = {
      kind: 'user' as const,
      id: 'rm',
      businessUnitId: 'a',
      administrativeRoles: ['Role manager'],
    };
    const admin = administrationBy(abilityFor(local, actor), fakeEnvironment());
    const target = { kind: 'user' as const, id: 't', businessUnitId: 'a' };
    expect(
      admin.assignAdministrativeRole(target, 'Password administrator').account.administrativeRoles,
    ).toEqual(['Password administrator']);
    expect(() => admin.assignAdministrativeRole(target, 'Helpdesk agent')).toThrow(
      AdministrativeElevationError,
    );
    expect(() => admin.assignAdministrativeRole(target, 'Role manager')).not.toThrow();
    expect(() => admin.assignAdministrativeRole(target, 'Global administrator')).toThrow(
      AdministrativeElevationError,
    );
    // "Users only" reaches administrators too, which the role manager does not.
    expect(() => admin.assignAdministrativeRole(target, 'Users only')).toThrow(/administrators too/);
  });

  it('an update cannot change roles, state or licences, and is checked before and after (no moving a user out of reach)', () => {
    const { by } = setup();
    const admin = by(administrator('sid', ['Sales user administrator'], { businessUnitId: 'sales' }));
    const eve = administrator('eve', [], { businessUnitId: 'east' });
    expect(admin.updateUser(eve, { ...eve, businessUnitId: 'east1' }).event).toMatchObject({
      type: 'account.updated',
      actorId: 'sid',
    });
    expect(() => admin.updateUser(eve, { ...eve, businessUnitId: 'north' })).toThrow(
      OperationNotAllowedError,
    );
    expect(() => admin.updateUser(eve, { ...eve, administrativeRoles: ['Global administrator'] })).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input' }),
    );
    expect(() => admin.updateUser(eve, { ...eve, securityRoles: ['Global reader'] })).toThrow(
      /"securityRoles" cannot be changed/,
    );
  });

  it('a new account is created without roles; roles come through their own checked operations', () => {
    const { by } = setup();
    const admin = by(administrator('sid', ['Sales user administrator'], { businessUnitId: 'sales' }));
    const created = admin.createUser(administrator('new', [], { businessUnitId: 'east', securityRoles: [] }));
    expect(created.event).toMatchObject({ type: 'account.created', actorId: 'sid', subjectId: 'new' });
    expect(() =>
      admin.createUser(administrator('new', ['Global administrator'], { businessUnitId: 'east' })),
    ).toThrow(/administrativeRoles/);
    expect(() =>
      admin.createUser(administrator('new', [], { businessUnitId: 'north', securityRoles: [] })),
    ).toThrow(OperationNotAllowedError);
  });

  it('a customer representative invites a colleague with web roles they hold, never with others', async () => {
    const { by } = setup();
    const rep = by(contacts.rep);
    const created = await rep.invite({
      contacts: [contacts.sam],
      assignWebRoles: ['Customer representative'],
    });
    expect(created.event).toMatchObject({ type: 'invitation.created', actorId: 'rita' });
    await expect(rep.invite({ contacts: [contacts.sam], assignWebRoles: ['Administrator'] })).rejects.toThrow(
      WebRoleElevationError,
    );
    await expect(rep.invite({ contacts: [contacts.may] })).rejects.toThrow(OperationNotAllowedError);
    expect(() => rep.assignWebRole(contacts.jane, 'Administrator')).toThrow(WebRoleElevationError);
    expect(rep.assignWebRole(contacts.jane, 'Customer representative').account.webRoles).toEqual([
      'Authorized user',
      'Customer representative',
    ]);
  });

  it('every refusal is a lifecycle refusal with its own code and changes nothing', () => {
    const { by } = setup();
    const eve = administrator('eve', []);
    const before = structuredClone(eve);
    let error: unknown;
    try {
      by(administrator('hal', ['Helpdesk agent'])).deleteAccount(eve);
    } catch (caught) {
      error = caught;
    }
    expect(isLifecycleRefusal(error)).toBe(true);
    expect((error as { code: string }).code).toBe('operation_not_allowed');
    expect(eve).toEqual(before);
  });
});
