import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccessMode,
  type AdministrativeRole,
  administrationBy,
  changePassword,
  isLifecycleRefusal,
  MAX_NON_INTERACTIVE_USERS,
} from '../../../src/accounts/index.js';
import { type AccountState, abilityFor } from '../../../src/index.js';
import { administrationPolicy as policy } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

/** An internal user as the host stores it; the property test mutates copies only. */
interface Staff {
  readonly kind: 'user';
  readonly id: string;
  readonly businessUnitId: string;
  readonly securityRoles: readonly string[];
  readonly administrativeRoles: readonly string[];
  readonly accessMode: AccessMode;
  readonly enabled: boolean;
  readonly licensed: boolean;
  readonly userType: 'person';
  readonly state?: AccountState | undefined;
  readonly mustChangePassword?: boolean | undefined;
  readonly invitationPending?: boolean | undefined;
  /** Entra directory roles from the tenant: no operation changes them. */
  readonly entraRoles?: readonly ('Global administrator' | 'User administrator' | 'Password administrator')[];
}

const member = (
  id: string,
  businessUnitId: string,
  securityRoles: string[],
  administrativeRoles: string[],
): Staff => ({
  kind: 'user',
  id,
  businessUnitId,
  securityRoles,
  administrativeRoles,
  accessMode: 'read-write',
  enabled: true,
  licensed: true,
  userType: 'person',
});

const INITIAL: readonly Staff[] = [
  member('gina', 'root', ['Global reader', 'Sales manager', 'Salesperson'], ['Global administrator']),
  member('ursula', 'root', ['Deep reader', 'Salesperson'], ['User administrator']),
  member('sid', 'sales', ['Local reader'], ['Sales user administrator']),
  member('paul', 'service', ['Basic reader'], ['Password administrator']),
  member('hal', 'north', ['Basic reader'], ['Helpdesk agent']),
  member('dora', 'sales', ['Local reader'], ['Delegated role manager']),
  member('eve', 'east', ['Basic reader'], []),
  member('ed', 'east1', ['Salesperson'], []),
  // Entra administrators, holding no administrative role of the policy (seed 003).
  { ...member('gwen', 'service', ['Basic reader'], []), entraRoles: ['Global administrator'] },
  { ...member('ada', 'north', ['Basic reader'], []), entraRoles: ['User administrator'] },
  { ...member('pia', 'east', ['Basic reader'], []), entraRoles: ['Password administrator'] },
];

// ---- The reference: the rules of issue 9 written again, independently of src/, from the policy's data. ----

const roleNamed = (name: string): AdministrativeRole =>
  policy.administrativeRoles.find((role) => role.name === name)!;
// What Entra's roles may do (seed 003, the Entra built-in roles), written again: tenant-wide, and the limited
// ones reach non-administrators only.
const EVERY_OPERATION = policy.administrativeRoles.find(
  (role) => role.name === 'Global administrator',
)!.operations;
const entra = (name: string, operations: readonly string[], nonAdministrators: boolean) =>
  ({
    name,
    operations,
    targets: { kinds: ['user', 'contact'], nonAdministrators },
    builtIn: true,
  }) as AdministrativeRole;
const ENTRA_POWERS: Record<NonNullable<Staff['entraRoles']>[number], AdministrativeRole> = {
  'Global administrator': entra('Global administrator', EVERY_OPERATION, false),
  'User administrator': entra(
    'User administrator',
    EVERY_OPERATION.filter((operation) => !['purge', 'manageRoles', 'assignRole'].includes(operation)),
    true,
  ),
  'Password administrator': entra('Password administrator', ['resetPassword'], true),
};
/** Every administrative role the actor holds: the policy's it names, and its Entra roles' powers. */
const rolesOf = (actor: Staff): AdministrativeRole[] => [
  ...actor.administrativeRoles.map(roleNamed),
  ...(actor.entraRoles ?? []).map((name) => ENTRA_POWERS[name]),
];
const isAdministrator = (target: Staff): boolean =>
  target.administrativeRoles.length > 0 || (target.entraRoles ?? []).length > 0;
const UNITS = policy.businessUnits;
function inSubtree(unit: string, root: string): boolean {
  for (let current: string | undefined = unit; current !== undefined; ) {
    if (current === root) return true;
    current = UNITS.find((candidate) => candidate.id === current)?.parent;
  }
  return false;
}
// Administrative powers need no licence; a non-interactive user acts only in API sessions, and these are not.
const canAct = (actor: Staff): boolean =>
  actor.accessMode !== 'non-interactive' &&
  (actor.state ?? 'active') === 'active' &&
  actor.enabled &&
  !actor.mustChangePassword &&
  actor.invitationPending !== true;

function permits(role: AdministrativeRole, operation: string, actor: Staff, target: Staff): boolean {
  return (
    role.operations.includes(operation as never) &&
    role.targets.kinds.includes('user') &&
    (!role.targets.nonAdministrators || !isAdministrator(target)) &&
    (role.targets.businessUnit === undefined || inSubtree(target.businessUnitId, actor.businessUnitId)) &&
    role.targets.account === undefined
  );
}
const allowed = (operation: string, actor: Staff, target: Staff): boolean =>
  canAct(actor) && rolesOf(actor).some((role) => permits(role, operation, actor, target));

const reach = (role: AdministrativeRole): number =>
  role.targets.businessUnit !== undefined || role.targets.account !== undefined ? 1 : 2;

/** Every (kind, operation, reaches administrators) power of `role` is held by one role of the actor, as far. */
function fullyHoldsAdministrative(
  actorRoles: readonly AdministrativeRole[],
  role: AdministrativeRole,
): boolean {
  return role.targets.kinds.every((kind) =>
    role.operations.every((operation) =>
      (role.targets.nonAdministrators ? [false] : [false, true]).every((administrators) =>
        actorRoles.some(
          (mine) =>
            mine.targets.kinds.includes(kind) &&
            mine.operations.includes(operation) &&
            (!administrators || !mine.targets.nonAdministrators) &&
            reach(mine) >= reach(role),
        ),
      ),
    ),
  );
}

const LEVELS = ['none', 'user', 'businessUnit', 'parentChildBusinessUnits', 'organization'];
function fullyHoldsSecurity(actorRoles: readonly string[], name: string): boolean {
  const privilegesOf = (roleName: string) =>
    Object.entries(policy.securityRoles.find((role) => role.name === roleName)!.privileges).flatMap(
      ([table, levels]) =>
        Object.entries(levels as Record<string, string>).map(([privilege, level]) => ({
          table,
          privilege,
          level,
        })),
    );
  const mine = actorRoles.flatMap(privilegesOf);
  return privilegesOf(name).every(
    ({ table, privilege, level }) =>
      LEVELS.indexOf(level) <=
      Math.max(
        0,
        ...mine
          .filter((held) => held.table === table && held.privilege === privilege)
          .map((held) => LEVELS.indexOf(held.level)),
      ),
  );
}

// ---- The commands. ----

interface Model {
  users: Staff[];
  /** Every accepted grant, with what the giver held at that moment. */
  grants: { giver: Staff; kind: 'security' | 'administrative'; role: string }[];
}
interface Real {
  users: Staff[];
  environment: ReturnType<typeof fakeEnvironment>;
}

function attempt(run: () => void): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (!isLifecycleRefusal(error)) throw error;
    return false;
  }
}

type Command = fc.Command<Model, Real>;
const command = (label: string, run: (model: Model, real: Real) => void): Command => ({
  check: () => true,
  run: (model, real) => {
    run(model, real);
    expect(real.users).toEqual(model.users);
    // The property: whatever was given, its giver held at the time.
    for (const grant of model.grants) {
      const holds =
        grant.kind === 'security'
          ? fullyHoldsSecurity(grant.giver.securityRoles, grant.role)
          : fullyHoldsAdministrative(rolesOf(grant.giver), roleNamed(grant.role));
      expect(holds, `${grant.giver.id} gave ${grant.role}`).toBe(true);
    }
  },
  toString: () => label,
});

const SECURITY_ROLES = [
  'Basic reader',
  'Local reader',
  'Deep reader',
  'Global reader',
  'Salesperson',
  'Sales manager',
];
const ADMINISTRATIVE_ROLES = policy.administrativeRoles.map((role) => role.name);
const UNIT_IDS = UNITS.map((unit) => unit.id);

function byActor(real: Real, actor: number) {
  return administrationBy(abilityFor(policy, real.users[actor]!), real.environment);
}

const giveSecurityRole = (actor: number, target: number, role: string): Command =>
  command(`security(${actor} → ${target}: ${role})`, (model, real) => {
    const giver = model.users[actor]!;
    const receiver = model.users[target]!;
    const expected =
      allowed('assignRole', giver, receiver) &&
      receiver.enabled &&
      !['deleted', 'purged', 'disabled'].includes(receiver.state ?? 'active') &&
      fullyHoldsSecurity(giver.securityRoles, role);
    const done = attempt(() => {
      real.users[target] = byActor(real, actor).assignSecurityRole(real.users[target]!, role).user;
    });
    expect(done).toBe(expected);
    if (!done) return;
    if (!receiver.securityRoles.includes(role))
      model.users[target] = { ...receiver, securityRoles: [...receiver.securityRoles, role] };
    model.grants.push({ giver, kind: 'security', role });
  });

const giveAdministrativeRole = (actor: number, target: number, role: string): Command =>
  command(`administrative(${actor} → ${target}: ${role})`, (model, real) => {
    const giver = model.users[actor]!;
    const receiver = model.users[target]!;
    const expected =
      allowed('manageRoles', giver, receiver) &&
      !['deleted', 'purged'].includes(receiver.state ?? 'active') &&
      fullyHoldsAdministrative(rolesOf(giver), roleNamed(role));
    const done = attempt(() => {
      real.users[target] = byActor(real, actor).assignAdministrativeRole(real.users[target]!, role).account;
    });
    expect(done).toBe(expected);
    if (!done) return;
    if (!receiver.administrativeRoles.includes(role))
      model.users[target] = { ...receiver, administrativeRoles: [...receiver.administrativeRoles, role] };
    model.grants.push({ giver, kind: 'administrative', role });
  });

const takeAdministrativeRole = (actor: number, target: number, role: string): Command =>
  command(`revoke(${actor} → ${target}: ${role})`, (model, real) => {
    const receiver = model.users[target]!;
    const done = attempt(() => {
      real.users[target] = byActor(real, actor).removeAdministrativeRole(real.users[target]!, role).account;
    });
    expect(done).toBe(allowed('manageRoles', model.users[actor]!, receiver));
    if (done)
      model.users[target] = {
        ...receiver,
        administrativeRoles: receiver.administrativeRoles.filter((name) => name !== role),
      };
  });

const STATE_OPERATIONS = {
  resetPassword: { from: ['active', 'blocked', 'disabled'], to: undefined },
  disable: { from: ['active', 'blocked'], to: 'disabled' },
  enable: { from: ['disabled'], to: 'active' },
} as const;

const changeState = (operation: keyof typeof STATE_OPERATIONS, actor: number, target: number): Command =>
  command(`${operation}(${actor} → ${target})`, (model, real) => {
    const receiver = model.users[target]!;
    const { from, to } = STATE_OPERATIONS[operation];
    const expected =
      allowed(operation, model.users[actor]!, receiver) &&
      (from as readonly string[]).includes(receiver.state ?? 'active');
    const done = attempt(() => {
      real.users[target] = byActor(real, actor)[operation](real.users[target]!).account;
    });
    expect(done).toBe(expected);
    if (!done) return;
    // Enabling a user sends a new invitation: it acts again only once accepted (seed 002).
    model.users[target] =
      to === undefined
        ? { ...receiver, mustChangePassword: true }
        : {
            ...receiver,
            state: to,
            enabled: to === 'active',
            ...(operation === 'enable' ? { invitationPending: true } : {}),
          };
  });

// A move removes the user's roles (the policy keeps DoNotRemoveRolesOnChangeBusinessUnit off), which takes
// assignRole on the user as it was and as it is after the move.
const moveUser = (actor: number, target: number, unit: string): Command =>
  command(`move(${actor} → ${target}: ${unit})`, (model, real) => {
    const giver = model.users[actor]!;
    const before = model.users[target]!;
    const after = { ...before, businessUnitId: unit, securityRoles: [] };
    const expected =
      unit !== before.businessUnitId &&
      allowed('updateUser', giver, before) &&
      allowed('updateUser', giver, after) &&
      (before.securityRoles.length === 0 ||
        (allowed('assignRole', giver, before) && allowed('assignRole', giver, after)));
    const done = attempt(() => {
      real.users[target] = byActor(real, actor).changeBusinessUnit(real.users[target]!, unit).user;
    });
    expect(done).toBe(expected);
    if (done) model.users[target] = after;
  });

// A mode that needs no licence lets an unlicensed person act as a licence would: it takes assignLicense too.
const LICENCE_FREE: readonly AccessMode[] = ['administrative', 'non-interactive'];
const changeMode = (actor: number, target: number, mode: AccessMode): Command =>
  command(`mode(${actor} → ${target}: ${mode})`, (model, real) => {
    const giver = model.users[actor]!;
    const before = model.users[target]!;
    const after = { ...before, accessMode: mode };
    const users = model.users.map((user, index) => (index === target ? after : user));
    const expected =
      allowed('updateUser', giver, before) &&
      allowed('updateUser', giver, after) &&
      (before.licensed || !LICENCE_FREE.includes(mode) || allowed('assignLicense', giver, before)) &&
      users.filter((user) => user.accessMode === 'non-interactive' && user.state !== 'purged').length <=
        MAX_NON_INTERACTIVE_USERS;
    const done = attempt(() => {
      real.users = [...byActor(real, actor).changeAccessMode(real.users, before.id, mode).users];
    });
    expect(done).toBe(expected);
    if (done) model.users = users;
  });

const dropLicence = (actor: number, target: number): Command =>
  command(`unlicense(${actor} → ${target})`, (model, real) => {
    const receiver = model.users[target]!;
    const done = attempt(() => {
      const state = { seats: INITIAL.length, users: real.users, invitations: [] };
      real.users = [...byActor(real, actor).removeLicences(state, [receiver.id]).users];
    });
    expect(done).toBe(allowed('removeLicense', model.users[actor]!, receiver));
    if (done) model.users[target] = { ...receiver, licensed: false };
  });

const choosePassword = (target: number): Command =>
  command(`changePassword(${target})`, (model, real) => {
    const user = model.users[target]!;
    const done = attempt(() => {
      real.users[target] = changePassword(real.environment, real.users[target]!).account;
    });
    expect(done).toBe((user.state ?? 'active') === 'active');
    if (done) model.users[target] = { ...user, mustChangePassword: false };
  });

const person = fc.nat({ max: INITIAL.length - 1 });
const securityGrants = fc
  .tuple(person, person, fc.constantFrom(...SECURITY_ROLES))
  .map(([a, t, r]) => giveSecurityRole(a, t, r));
// Half the time the giver is one of the role managers (gina, dora, gwen), who are the only ones who can give.
const roleManager = fc.oneof(person, fc.constantFrom(0, 5, 8));
const administrativeGrants = fc
  .tuple(roleManager, person, fc.constantFrom(...ADMINISTRATIVE_ROLES))
  .map(([a, t, r]) => giveAdministrativeRole(a, t, r));
// Grants are listed several times: they are where an elevation would hide, and most of them are refused.
const commands = [
  securityGrants,
  securityGrants,
  administrativeGrants,
  administrativeGrants,
  administrativeGrants,
  fc
    .tuple(person, person, fc.constantFrom(...ADMINISTRATIVE_ROLES))
    .map(([a, t, r]) => takeAdministrativeRole(a, t, r)),
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(STATE_OPERATIONS) as (keyof typeof STATE_OPERATIONS)[])),
      person,
      person,
    )
    .map(([operation, a, t]) => changeState(operation, a, t)),
  fc.tuple(person, person, fc.constantFrom(...UNIT_IDS)).map(([a, t, unit]) => moveUser(a, t, unit)),
  person.map(choosePassword),
  fc
    .tuple(
      person,
      person,
      fc.constantFrom<AccessMode>('read-write', 'read', 'administrative', 'non-interactive'),
    )
    .map(([a, t, mode]) => changeMode(a, t, mode)),
  fc.tuple(person, person).map(([a, t]) => dropLicence(a, t)),
];

describe('administration model', () => {
  it('no sequence of administrative operations lets an actor grant more than they hold (roles, or a licence through an access mode), and the library agrees with the reference on every decision', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (sequence) => {
        fc.modelRun(
          () => ({
            model: { users: [...INITIAL], grants: [] },
            real: { users: [...INITIAL], environment: fakeEnvironment() },
          }),
          sequence,
        );
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
