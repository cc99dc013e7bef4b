import { describe, expect, it } from 'vitest';
import {
  AdministrativeElevationError,
  administrationBy,
  isLifecycleRefusal,
  type LifecycleUser,
  type ManagedAccount,
  OperationNotAllowedError,
  PrivilegeElevationError,
  WebRoleElevationError,
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
import { refusalOf } from '../../fixtures/refusal.js';

function setup() {
  const environment = fakeEnvironment();
  const by = (actor: Parameters<typeof abilityFor>[1]) =>
    administrationBy(abilityFor(policy, actor), environment);
  const staff = (id: string, securityRoles: string[], businessUnitId = 'east') =>
    lifecycleUser(id, { businessUnitId, securityRoles, administrativeRoles: [] as string[] });
  return { environment, by, lifecycleUser: staff };
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
    expect(admin.updateUser(eve, { ...eve, licensed: true }).event).toMatchObject({
      type: 'account.updated',
      actorId: 'sid',
    });
    expect(() => admin.updateUser(eve, { ...eve, businessUnitId: 'east1' })).toThrow(
      /"businessUnitId" cannot be changed/,
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
    const created = admin.createUser(
      administrator('new', [], { businessUnitId: 'east', securityRoles: [], licensed: false }),
    );
    expect(created.event).toMatchObject({ type: 'account.created', actorId: 'sid', subjectId: 'new' });
    expect(() =>
      admin.createUser(administrator('new', ['Global administrator'], { businessUnitId: 'east' })),
    ).toThrow(/administrativeRoles/);
    expect(() =>
      admin.createUser(
        administrator('new', [], { businessUnitId: 'north', securityRoles: [], licensed: false }),
      ),
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

describe('no sequence of allowed operations reaches what a forbidden one produces', () => {
  it('a helpdesk agent cannot re-enable a disabled user by blocking then unblocking its sign-in', () => {
    const { by, lifecycleUser } = setup();
    const helpdesk = by(administrator('hal', ['Helpdesk agent']));
    const disabled = { ...lifecycleUser('eve', ['Basic reader']), enabled: false };
    expect(() => helpdesk.enable(disabled)).toThrow(OperationNotAllowedError);
    let reached: typeof disabled | undefined;
    try {
      reached = helpdesk.unblockSignIn(helpdesk.blockSignIn(disabled).account).account;
    } catch (error) {
      expect(isLifecycleRefusal(error)).toBe(true);
    }
    expect(reached?.enabled ?? false).toBe(false);
  });

  it('an administrator who may delete and restore but not enable cannot enable a user that way', async () => {
    const { definePolicy } = await import('../../../src/index.js');
    const local = definePolicy({
      tables: { contact: {} },
      businessUnits: [{ id: 'root' }],
      administrativeRoles: [{ name: 'Recycler', operations: ['deleteAccount', 'restore'] }],
    });
    const admin = administrationBy(
      abilityFor(local, {
        kind: 'user',
        id: 'rex',
        businessUnitId: 'root',
        administrativeRoles: ['Recycler'],
      }),
      fakeEnvironment(),
    );
    const { lifecycleUser } = setup();
    const disabled = { ...lifecycleUser('eve', [], 'root'), enabled: false, licensed: false };
    const deleted = admin.deleteAccount(disabled);
    expect(admin.restore(deleted.account, deleted.deletion).account).toMatchObject({
      state: 'disabled',
      enabled: false,
    });
  });
});

describe('every effect of an operation is authorized, not only the target as it is', () => {
  it('an administrator limited to their own customer account cannot invite a contact into another account', async () => {
    const { by } = setup();
    const rep = by(contacts.rep);
    await expect(rep.invite({ contacts: [contacts.sam], assignToAccount: 'Y' })).rejects.toThrow(
      OperationNotAllowedError,
    );
    // Naming the contact's own account changes nothing, so it needs nothing more.
    expect((await rep.invite({ contacts: [contacts.sam], assignToAccount: 'X' })).invitation).toMatchObject({
      assignToAccount: 'X',
    });
  });

  it('an account-limited inviter places a contact without an account in their own account, and in no other', async () => {
    const { by } = setup();
    const rep = by(contacts.rep);
    const newcomer = { kind: 'contact' as const, id: 'nina', legalEntity: 'usmf', accountId: null };
    const { invitation } = await rep.invite({ contacts: [newcomer], assignToAccount: 'X' });
    expect(invitation).toMatchObject({ assignToAccount: 'X', invitedContacts: ['nina'] });
    await expect(rep.invite({ contacts: [newcomer], assignToAccount: 'Y' })).rejects.toThrow(
      OperationNotAllowedError,
    );
    await expect(
      rep.invite({ contacts: [{ ...newcomer, legalEntity: 'demf' }], assignToAccount: 'X' }),
    ).rejects.toThrow(OperationNotAllowedError);
    // Taking a contact out of another account is still authorized on the contact as it is.
    await expect(rep.invite({ contacts: [contacts.may], assignToAccount: 'X' })).rejects.toThrow(
      OperationNotAllowedError,
    );
  });

  it('moving a contact to another account by invitation needs the update a move would need', async () => {
    const { by } = setup();
    const guard = by(administrator('ivy', ['Portal administrator']));
    expect((await guard.invite({ contacts: [contacts.sam], assignToAccount: 'Y' })).event).toMatchObject({
      actorId: 'ivy',
    });
    const { definePolicy } = await import('../../../src/index.js');
    const local = definePolicy({
      ...administrationInput,
      administrativeRoles: [
        ...administrationInput.administrativeRoles,
        { name: 'Inviter', operations: ['invite'], targets: { kinds: ['contact'] } },
      ],
    });
    const inviter = administrationBy(abilityFor(local, administrator('ina', ['Inviter'])), fakeEnvironment());
    await expect(inviter.invite({ contacts: [contacts.sam] })).resolves.toBeDefined();
    await expect(inviter.invite({ contacts: [contacts.sam], assignToAccount: 'Y' })).rejects.toThrow(
      /updateUser/,
    );
  });

  it('an invitation that holds a licence seat needs the right to give a licence', async () => {
    const { by } = setup();
    const portal = by(administrator('ivy', ['Portal administrator']));
    const licences = { seats: 5, users: [], invitations: [] };
    await expect(portal.invite({ contacts: [contacts.sam], holdsSeat: true, licences })).rejects.toThrow(
      /assignLicense/,
    );
    const global = by(administrator('gina', ['Global administrator']));
    await expect(
      global.invite({ contacts: [contacts.sam], holdsSeat: true, licences }),
    ).resolves.toBeDefined();
  });

  it('an actor holding only createUser cannot create a licensed, application or non-interactive user', () => {
    const { by } = setup();
    const admin = by(administrator('sid', ['Sales user administrator'], { businessUnitId: 'sales' }));
    const base = { kind: 'user' as const, id: 'new', businessUnitId: 'east', securityRoles: [] };
    expect(admin.createUser(base).event).toMatchObject({ type: 'account.created' });
    for (const extra of [
      { licensed: true },
      { userType: 'application' as const },
      { accessMode: 'non-interactive' as const },
      { accessMode: 'administrative' as const },
      { state: 'deleted' as const },
      { userType: 'stub' as const, enabled: true },
    ]) {
      expect(() => admin.createUser({ ...base, ...extra }), JSON.stringify(extra)).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
    }
  });

  it('a new contact cannot claim to have been registered by invitation or open registration', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const base = { kind: 'contact' as const, id: 'new', accountId: 'X', legalEntity: 'usmf' };
    expect(admin.createUser({ ...base, registeredVia: 'administrator' as const }).account.id).toBe('new');
    expect(() => admin.createUser({ ...base, registeredVia: 'invitation' as const })).toThrow(
      /registeredVia/,
    );
  });

  it('the Anonymous and Authenticated users roles are never assigned to a contact', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    for (const role of ['Anonymous users', 'Authenticated users']) {
      expect(() => admin.assignWebRole(contacts.jane, role), role).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
    }
  });

  it('web roles go to contacts and security roles to users, whatever kind the caller tags', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    expect(() => admin.assignWebRole(lifecycleUser('eve', []), 'Authorized user')).toThrow(
      /web roles apply to contacts only/,
    );
    const disguised = { ...lifecycleUser('eve', []), kind: 'contact' } as unknown as LifecycleUser;
    expect(() => admin.assignSecurityRole(disguised, 'Basic reader')).toThrow(
      /security roles apply to users only/,
    );
  });
});

describe('a sign-in block is lifted only by whoever may lift blocks', () => {
  it('an administrator who may disable and enable but not unblock cannot lift a block by disabling then enabling', async () => {
    const { definePolicy } = await import('../../../src/index.js');
    const local = definePolicy({
      ...administrationInput,
      administrativeRoles: [
        ...administrationInput.administrativeRoles,
        { name: 'Switcher', operations: ['disable', 'enable'], targets: { kinds: ['contact'] } },
      ],
    });
    const switcher = administrationBy(
      abilityFor(local, administrator('sw', ['Switcher'])),
      fakeEnvironment(),
    );
    const blocked = { ...contacts.jane, state: 'blocked' as const };
    expect(() => switcher.disable(blocked)).toThrow(/blockSignIn/);
    const jane: ManagedAccount = contacts.jane;
    expect(switcher.enable(switcher.disable(jane).account).account.state).toBe('active');
  });
});

describe('an update changes no field that has its own operation', () => {
  it('each governed field is refused on that field, pointing to its own operation', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const eve = { ...lifecycleUser('eve', ['Basic reader']), teams: [] as string[] };
    const changes: Record<string, unknown> = {
      kind: 'contact',
      id: 'eva',
      state: 'blocked',
      enabled: false,
      mustChangePassword: true,
      licensed: false,
      securityRoles: [],
      teams: ['reviewers'],
      webRoles: ['Authorized user'],
      administrativeRoles: ['Helpdesk agent'],
      accessMode: 'read',
      userType: 'stub',
      registeredVia: 'invitation',
      entraRoles: ['Global Administrator'],
      invitationPending: true,
      businessUnitId: 'north',
    };
    for (const [field, value] of Object.entries(changes)) {
      const refusal = refusalOf(() => admin.updateUser(eve, { ...eve, [field]: value } as typeof eve));
      expect(refusal?.issues, field).toEqual([
        {
          code: 'governed_field',
          path: ['after', field],
          message: expect.stringMatching(
            new RegExp(`"${field}" cannot be changed by an update; use its own operation`),
          ),
        },
      ]);
    }
  });

  it('an update that changes only ungoverned fields is accepted and recorded as the actor', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const eve = lifecycleUser('eve', ['Basic reader']);
    const updated = admin.updateUser(eve, { ...eve, displayName: 'Eve' } as typeof eve);
    expect(updated.account).toMatchObject({ displayName: 'Eve' });
    expect(updated.event).toMatchObject({ type: 'account.updated', actorId: 'gina', subjectId: 'eve' });
  });
});

describe('a new account starts with nothing a dedicated operation governs', () => {
  it('each role list a new account holds is refused on that list, saying to assign through its own operation', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const base = { kind: 'user' as const, id: 'new', businessUnitId: 'east' };
    for (const field of ['securityRoles', 'webRoles', 'administrativeRoles', 'teams', 'entraRoles']) {
      const refusal = refusalOf(() => admin.createUser({ ...base, [field]: ['Anything'] }));
      expect(refusal?.issues, field).toEqual([
        {
          code: 'governed_field',
          path: ['account', field],
          message: expect.stringMatching(new RegExp(`holds no ${field}; create it without them`)),
        },
      ]);
      expect(admin.createUser({ ...base, [field]: [] }).account.id, field).toBe('new');
    }
  });

  it('each governed value a new account may not start with is refused on that field, naming the way to get it', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const base = { kind: 'user' as const, id: 'new', businessUnitId: 'east' };
    const cases: [string, unknown, RegExp][] = [
      ['licensed', true, /licensed true; create it unlicensed, then use assignLicences/],
      ['accessMode', 'non-interactive', /accessMode "non-interactive"; create it read-write or read/],
      ['userType', 'application', /userType "application"; application users are registered by the host/],
      ['state', 'deleted', /state "deleted"; a new account starts active, blocked or disabled/],
      ['registeredVia', 'invitation', /registeredVia "invitation"; .*registered via "administrator"/],
    ];
    for (const [field, value, message] of cases) {
      const refusal = refusalOf(() => admin.createUser({ ...base, [field]: value }));
      expect(refusal?.issues, field).toEqual([
        { code: 'governed_field', path: ['account', field], message: expect.stringMatching(message) },
      ]);
    }
  });

  it('every value a new account may start with is accepted', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const base = { kind: 'user' as const, id: 'new', businessUnitId: 'east' };
    const allowed: Record<string, unknown[]> = {
      licensed: [false],
      accessMode: ['read-write', 'read'],
      userType: ['person', 'stub'],
      state: ['active', 'blocked', 'disabled'],
      registeredVia: ['administrator'],
    };
    for (const [field, values] of Object.entries(allowed)) {
      for (const value of values) {
        expect(
          admin.createUser({ ...base, [field]: value }).account,
          `${field} ${String(value)}`,
        ).toMatchObject({
          [field]: value,
        });
      }
    }
  });

  it('a person may be created enabled', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const person = { kind: 'user' as const, id: 'new', businessUnitId: 'east', enabled: true };
    expect(admin.createUser(person).account.enabled).toBe(true);
  });

  it('a stub user created enabled is refused on enabled; created not enabled it is accepted', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const stub = { kind: 'user' as const, id: 'new', businessUnitId: 'east', userType: 'stub' as const };
    expect(refusalOf(() => admin.createUser({ ...stub, enabled: true }))?.issues).toEqual([
      {
        code: 'stub_user',
        path: ['account', 'enabled'],
        message: expect.stringMatching(/stub user cannot be enabled/),
      },
    ]);
    expect(admin.createUser({ ...stub, enabled: false }).account.enabled).toBe(false);
  });
});

describe('each administrative operation applies to its kind of account, and names what it refuses', () => {
  it('an operation on the wrong kind of account is refused on kind, naming what applies to which kind', async () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const cases: [() => unknown, RegExp][] = [
      [
        () => admin.assignWebRole(lifecycleUser('eve', []), 'Authorized user'),
        /web roles apply to contacts only/,
      ],
      [() => admin.changeBusinessUnit(contacts.jane as never, 'north'), /business units apply to users only/],
    ];
    for (const [run, message] of cases) {
      expect(refusalOf(run)?.issues, String(message)).toEqual([
        { code: 'wrong_account_kind', path: ['account', 'kind'], message: expect.stringMatching(message) },
      ]);
    }
    await expect(admin.invite({ contacts: [lifecycleUser('eve', []) as never] })).rejects.toMatchObject({
      issues: [
        { code: 'wrong_account_kind', message: expect.stringMatching(/invitations apply to contacts only/) },
      ],
    });
  });

  it('an administrative role the policy does not define is refused on role, naming it', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    // Typed string, as read from a request: the compiler refuses an undeclared role written literally.
    const role: string = 'Root';
    expect(refusalOf(() => admin.assignAdministrativeRole(administrator('eve', []), role))?.issues).toEqual([
      {
        code: 'unknown_administrative_role',
        path: ['role'],
        message: 'administrative role "Root" is not defined by the policy',
      },
    ]);
  });

  it('a deleted or purged account is given no administrative role until restored', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    for (const state of ['deleted', 'purged'] as const) {
      const refusal = refusalOf(() =>
        admin.assignAdministrativeRole({ ...administrator('eve', []), state }, 'Helpdesk agent'),
      );
      expect(refusal, state).toMatchObject({ transition: 'give an administrative role to', from: state });
      expect(refusal?.message, state).toMatch(/restore the account first/);
    }
    expect(
      admin.assignAdministrativeRole({ ...administrator('eve', []), state: 'blocked' }, 'Helpdesk agent')
        .account.administrativeRoles,
    ).toEqual(['Helpdesk agent']);
  });
});

describe('removing roles', () => {
  it('removing an administrative role keeps the others and records who removed which role', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const removed = admin.removeAdministrativeRole(
      administrator('eve', ['Helpdesk agent', 'Password administrator']),
      'Helpdesk agent',
    );
    expect(removed.account.administrativeRoles).toEqual(['Password administrator']);
    expect(removed.event).toMatchObject({
      type: 'administrativeRole.removed',
      actorId: 'gina',
      details: { role: 'Helpdesk agent' },
    });
    const { administrativeRoles: _, ...bare } = administrator('eve', []);
    expect(admin.removeAdministrativeRole(bare, 'Helpdesk agent').account.administrativeRoles).toEqual([]);
  });

  it('removing a web role keeps the others, records it, and takes assignRole on the contact', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const jane = { ...contacts.jane, webRoles: ['Authorized user', 'Customer representative'] };
    const removed = admin.removeWebRole(jane, 'Authorized user');
    expect(removed.account.webRoles).toEqual(['Customer representative']);
    expect(removed.event).toMatchObject({
      type: 'webRole.removed',
      actorId: 'gina',
      subjectId: 'jane',
      details: { role: 'Authorized user' },
    });
    const { webRoles: _, ...bare } = contacts.jane;
    expect(admin.removeWebRole(bare, 'Authorized user').account.webRoles).toEqual([]);
    expect(() => by(administrator('hal', ['Helpdesk agent'])).removeWebRole(jane, 'Authorized user')).toThrow(
      /assignRole/,
    );
  });

  it('removing a security role keeps the others, records the actor, and takes assignRole on the user', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('ursula', ['User administrator']));
    const removed = admin.removeSecurityRole(
      lifecycleUser('eve', ['Basic reader', 'Local reader']),
      'Basic reader',
    );
    expect(removed.user.securityRoles).toEqual(['Local reader']);
    expect(removed.event).toMatchObject({
      type: 'role.removed',
      actorId: 'ursula',
      details: { role: 'Basic reader' },
    });
    expect(() =>
      by(administrator('hal', ['Helpdesk agent'])).removeSecurityRole(
        lifecycleUser('eve', ['Basic reader']),
        'Basic reader',
      ),
    ).toThrow(OperationNotAllowedError);
  });

  it('a web role given to a contact without any is recorded with the role', () => {
    const { by } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    const { webRoles: _, ...bare } = contacts.jane;
    const given = admin.assignWebRole(bare, 'Authorized user');
    expect(given.account.webRoles).toEqual(['Authorized user']);
    expect(given.event).toMatchObject({ type: 'webRole.assigned', details: { role: 'Authorized user' } });
  });
});

describe('licences and settings through an administrator', () => {
  it('an administrator removes licences only with removeLicense on each user, recorded as them', () => {
    const { by, lifecycleUser } = setup();
    const state = { seats: 2, users: [lifecycleUser('eve', [])], invitations: [] };
    const removed = by(administrator('gina', ['Global administrator'])).removeLicences(state, ['eve']);
    expect(removed.users[0]?.licensed).toBe(false);
    expect(removed.event.actorId).toBe('gina');
    expect(() => by(administrator('hal', ['Helpdesk agent'])).removeLicences(state, ['eve'])).toThrow(
      /removeLicense/,
    );
  });

  it('a user in the licence state stored without a kind counts as an internal user', () => {
    const { by, lifecycleUser } = setup();
    const { kind: _, ...eve } = { ...lifecycleUser('eve', []), licensed: false };
    const state = { seats: 2, users: [eve], invitations: [] };
    const given = by(administrator('gina', ['Global administrator'])).assignLicences(state as never, ['eve']);
    expect(given.event.actorId).toBe('gina');
  });

  it('an id missing from the licence state is refused as unknown, before any permission is asked', () => {
    const { by, lifecycleUser } = setup();
    const state = { seats: 2, users: [lifecycleUser('eve', [])], invitations: [] };
    expect(
      refusalOf(() => by(administrator('hal', ['Helpdesk agent'])).assignLicences(state, ['ghost'])),
    ).toMatchObject({
      issues: [{ code: 'unknown_user', path: ['userIds', 0] }],
    });
  });

  it('a licence change that names no user is still recorded as the actor', () => {
    const { by, lifecycleUser } = setup();
    const state = { seats: 2, users: [lifecycleUser('eve', [])], invitations: [] };
    expect(by(administrator('gina', ['Global administrator'])).assignLicences(state, []).event.actorId).toBe(
      'gina',
    );
  });

  it('a visitor cannot record a licence change, not even one that names no user', () => {
    const { by, lifecycleUser } = setup();
    const state = { seats: 2, users: [lifecycleUser('eve', [])], invitations: [] };
    const visitor = by({ kind: 'anonymous' });
    expect(refusalOf(() => visitor.assignLicences(state, []))).toMatchObject({
      code: 'operation_not_allowed',
    });
    expect(refusalOf(() => visitor.removeLicences(state, []))).toMatchObject({
      code: 'operation_not_allowed',
    });
  });

  it('the assignment settings an administrator passes are applied', () => {
    const { by, lifecycleUser } = setup();
    const admin = by(administrator('ursula', ['User administrator'], { securityRoles: ['Global reader'] }));
    const disabled = { ...lifecycleUser('eve', []), enabled: false };
    expect(() => admin.assignSecurityRole(disabled, 'Basic reader')).toThrow(
      expect.objectContaining({ code: 'role_assignment_on_disabled_user' }),
    );
    expect(
      admin.assignSecurityRole(disabled, 'Basic reader', { allowRoleAssignmentOnDisabledUsers: true }).user
        .securityRoles,
    ).toEqual(['Basic reader']);
  });
});

describe('roles kept by a move are checked as an assignment of them would be', () => {
  const keeping = definePolicy({
    ...administrationInput,
    internalUsers: { DoNotRemoveRolesOnChangeBusinessUnit: true },
  });

  it('a kept role the actor could not assign is refused with the same table and privilege as the assignment', () => {
    const sid = administrationBy(
      abilityFor(
        keeping,
        administrator('sid', ['Sales user administrator'], {
          businessUnitId: 'sales',
          securityRoles: ['Basic reader'],
        }),
      ),
      fakeEnvironment(),
    );
    const { lifecycleUser } = setup();
    const assigned = refusalOf(() => sid.assignSecurityRole(lifecycleUser('eve', []), 'Deep reader'));
    const moved = refusalOf(() => sid.changeBusinessUnit(lifecycleUser('eve', ['Deep reader']), 'east1'));
    expect(assigned?.message).toMatch(/at level parentChildBusinessUnits, but the assigner holds only user/);
    expect(moved).toBeInstanceOf(PrivilegeElevationError);
    expect(moved).toMatchObject({
      table: assigned?.table,
      privilege: assigned?.privilege,
      message: assigned?.message,
    });
  });

  it('a kept role the policy does not define is refused, naming it as unknown', () => {
    const gina = administrationBy(
      abilityFor(keeping, administrator('gina', ['Global administrator'])),
      fakeEnvironment(),
    );
    const { lifecycleUser } = setup();
    const refusal = refusalOf(() => gina.changeBusinessUnit(lifecycleUser('eve', ['Retired role']), 'north'));
    expect(refusal).toBeInstanceOf(PrivilegeElevationError);
    expect(refusal).toMatchObject({ table: '(unknown role)', privilege: '(any)' });
    expect(refusal?.message).toMatch(
      /"Retired role" grants \(any\) on \(unknown role\) at level organization, but the assigner holds only none/,
    );
  });
});
