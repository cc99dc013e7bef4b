import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  abilityFor,
  definePolicy,
  type PolicyInput,
  subject,
  type UserPrincipal,
} from '../../src/index.js';
import { AllowTally, holdsGrant } from '../../src/testing/allow-tally.js';
import { referenceUserCan } from '../../src/testing/reference-users.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const ACTIONS = ['read', 'write', 'assign', 'share'] as const;
const TABLES = ['t', 'org'] as const;
const RUNS = { numRuns: propertyRuns(150) };
// The agreement tests' non-vacuity check judges an action held in 20 decisions or more: a quarter run (38)
// holds each action in about 15, so the local loop tries at least 80 worlds there (CI tries all 150).
const AGREEMENT_RUNS = { numRuns: Math.max(RUNS.numRuns, 80) };

interface World {
  readonly policy: PolicyInput;
  readonly user: UserPrincipal;
  readonly session: 'api' | 'interactive' | undefined;
  readonly records: readonly {
    readonly table: (typeof TABLES)[number];
    readonly record: Record<string, unknown>;
  }[];
}

const levelArb = fc.constantFrom<AccessLevel>(...ACCESS_LEVELS);

const worldArb: fc.Arbitrary<World> = fc
  .record({
    unitCount: fc.integer({ min: 1, max: 7 }),
    roleCount: fc.integer({ min: 1, max: 4 }),
    teamCount: fc.integer({ min: 0, max: 3 }),
  })
  .chain(({ unitCount, roleCount, teamCount }) => {
    const unitIds = Array.from({ length: unitCount }, (_, i) => `u${i}`);
    const roleNames = Array.from({ length: roleCount }, (_, i) => `r${i}`);
    const teamIds = Array.from({ length: teamCount }, (_, i) => `team${i}`);
    const unit = fc.constantFrom(...unitIds);
    const roleRef = fc.constantFrom(...roleNames);
    return fc.record({
      parents: fc.tuple(...unitIds.map((_, i) => fc.nat({ max: Math.max(0, i - 1) }))),
      matrix: fc.boolean(),
      administratorRole: fc.option(roleRef, { nil: undefined }),
      roles: fc.tuple(
        ...roleNames.map(() =>
          fc.record({
            inheritance: fc.constantFrom('direct', 'team', undefined),
            t: fc.record(
              { read: levelArb, write: levelArb, assign: levelArb, share: levelArb },
              { requiredKeys: [] },
            ),
            org: fc.record(
              { read: fc.constantFrom<AccessLevel>('none', 'organization') },
              { requiredKeys: [] },
            ),
          }),
        ),
      ),
      teams: fc.tuple(
        ...teamIds.map(() =>
          fc.record({
            unit,
            type: fc.constantFrom('owner', 'group', 'access'),
            // The default team of its unit (SPEC 2.5): every user of the unit is a member, unlisted.
            isDefault: fc.boolean(),
            roles: fc.array(fc.record({ name: roleRef, from: fc.option(unit, { nil: undefined }) }), {
              maxLength: 2,
            }),
          }),
        ),
      ),
      user: fc.record({
        unit,
        roles: fc.array(fc.record({ name: roleRef, from: fc.option(unit, { nil: undefined }) }), {
          maxLength: 3,
        }),
        teams: fc.subarray(teamIds),
        accessMode: fc.constantFrom('read-write', 'read', 'administrative', 'non-interactive', undefined),
        licensed: fc.option(fc.boolean(), { nil: undefined }),
        userType: fc.constantFrom('person', 'application', 'stub', undefined),
        enabled: fc.constantFrom(true, true, true, false, undefined),
        session: fc.constantFrom('api', 'interactive', undefined),
        entraRoles: fc.constantFrom(undefined, [], ['Global administrator' as const]),
        invitationPending: fc.constantFrom(undefined, false, true),
      }),
      session: fc.constantFrom('api', 'interactive', undefined),
      hierarchy: fc.option(
        fc
          .record({ model: fc.constantFrom('manager', 'position'), depth: fc.integer({ min: 1, max: 3 }) })
          .chain(({ model, depth }) =>
            fc.record({
              model: fc.constant(model),
              depth: fc.constant(depth),
              writeDepth: fc.integer({ min: 1, max: depth }),
            }),
          ),
        { nil: undefined },
      ),
      reports: fc.option(
        fc.record(
          {
            direct: fc.subarray(['dan', 'eve']),
            indirect: fc.array(fc.subarray(['eve', 'fay', 'gus']), { maxLength: 3 }),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
      records: fc.array(
        fc.record({
          table: fc.constantFrom(...TABLES),
          owner: fc.constantFrom('me', 'other', 'dan', 'eve', 'fay', 'gus', ...teamIds, undefined, null),
          unit: fc.constantFrom(...unitIds, 'elsewhere', undefined, null),
          shares: fc.option(
            fc.array(
              fc.record({
                principal: fc.constantFrom('me', 'other', ...teamIds),
                privileges: fc.subarray([...ACTIONS]),
              }),
              { maxLength: 2 },
            ),
            { nil: undefined },
          ),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
  })
  .map(
    ({
      parents,
      matrix,
      administratorRole,
      roles,
      teams,
      user,
      session,
      hierarchy,
      reports,
      records,
    }): World => {
      const unitIds = parents.map((_, i) => `u${i}`);
      const defaults = new Set<string>();
      const teamDefs = teams
        .map((team) => {
          const isDefault = team.isDefault && !defaults.has(team.unit);
          if (isDefault) defaults.add(team.unit);
          return { ...team, isDefault, type: isDefault ? ('owner' as const) : team.type };
        })
        .map((team, i) => ({
          id: `team${i}`,
          businessUnitId: team.unit,
          type: team.type,
          ...(team.isDefault ? { isDefault: true } : {}),
          securityRoles:
            team.type === 'access'
              ? []
              : team.roles.map((role) =>
                  matrix && role.from !== undefined
                    ? { name: role.name, businessUnitId: role.from }
                    : role.name,
                ),
        }));
      const policy: PolicyInput = {
        tables: {
          t: { owner: 'ownerId', businessUnit: 'unitId', shares: 'sharedWith' },
          org: { ownership: 'organization', settings: true },
        },
        businessUnits: unitIds.map((id, i) => (i === 0 ? { id } : { id, parent: `u${parents[i]}` })),
        securityRoles: roles.map((role, i) => ({
          name: `r${i}`,
          ...(role.inheritance === undefined ? {} : { memberPrivilegeInheritance: role.inheritance }),
          privileges: { t: role.t, org: role.org },
        })),
        teams: teamDefs,
        matrixDataAccess: matrix,
        ...(hierarchy === undefined ? {} : { hierarchy }),
        ...(administratorRole === undefined
          ? {}
          : { internalUsers: { systemAdministratorRole: administratorRole } }),
      };
      const principal: UserPrincipal = {
        kind: 'user',
        id: 'me',
        businessUnitId: user.unit,
        securityRoles: user.roles.map((role) =>
          matrix && role.from !== undefined ? { name: role.name, businessUnitId: role.from } : role.name,
        ),
        // A default team is never listed: its membership follows the business unit.
        teams: user.teams.filter((id) => !teamDefs.some((team) => team.id === id && team.isDefault === true)),
        ...(user.accessMode === undefined ? {} : { accessMode: user.accessMode }),
        ...(user.licensed === undefined ? {} : { licensed: user.licensed }),
        ...(user.userType === undefined ? {} : { userType: user.userType }),
        ...(user.enabled === undefined ? {} : { enabled: user.enabled }),
        ...(user.session === undefined ? {} : { session: user.session }),
        ...(reports === undefined ? {} : { reports }),
        ...(user.entraRoles === undefined ? {} : { entraRoles: user.entraRoles }),
        ...(user.invitationPending === undefined ? {} : { invitationPending: user.invitationPending }),
      };
      return {
        policy,
        user: principal,
        session,
        records: records.map(({ table, owner, unit, shares }) => ({
          table,
          record: {
            ...(owner === undefined ? {} : { ownerId: owner }),
            ...(unit === undefined ? {} : { unitId: unit }),
            ...(shares === undefined ? {} : { sharedWith: shares }),
          },
        })),
      };
    },
  );

/** Every (action, record) decision of `user` under `policy`, in a stable order; counted in `tally` if given. */
function decisions(policy: PolicyInput, user: UserPrincipal, world: World, tally?: AllowTally): boolean[] {
  const ability = abilityFor(
    definePolicy(policy),
    user,
    world.session === undefined ? {} : { session: world.session },
  );
  return world.records.flatMap(({ table, record }) =>
    ACTIONS.map((action) => {
      const allowed = ability.can(action, subject(table, { ...record }));
      tally?.record(action, allowed, holdsGrant(ability, action, table));
      return allowed;
    }),
  );
}

const options = (world: World) => (world.session === undefined ? {} : { session: world.session });

describe('internal users, as properties', () => {
  it('the compiled ability agrees with the reference evaluator written from SPEC 2.2', () => {
    const tally = new AllowTally();
    fc.assert(
      fc.property(worldArb, (world) => {
        const compiled = decisions(world.policy, world.user, world, tally);
        const reference = world.records.flatMap(({ table, record }) =>
          ACTIONS.map((action) =>
            referenceUserCan(world.policy, world.user, action, table, record, options(world)),
          ),
        );
        expect(compiled).toEqual(reference);
      }),
      AGREEMENT_RUNS,
    );
    // Not vacuous: each action is allowed in at least a tenth of the decisions where a grant of it is held.
    expect(tally.belowMinimum(ACTIONS, 0.1, { minimumHeld: 20 }), tally.describe()).toEqual([]);
  });

  it('an Entra administrator agrees with the reference too: the system administrator role comes automatically', () => {
    const administrators = worldArb.map(
      (world): World => ({
        ...world,
        policy: { ...world.policy, internalUsers: { systemAdministratorRole: 'r0' } },
        user: { ...world.user, entraRoles: ['Global administrator'] },
      }),
    );
    const tally = new AllowTally();
    fc.assert(
      fc.property(administrators, (world) => {
        const compiled = decisions(world.policy, world.user, world, tally);
        const reference = world.records.flatMap(({ table, record }) =>
          ACTIONS.map((action) =>
            referenceUserCan(world.policy, world.user, action, table, record, options(world)),
          ),
        );
        expect(compiled).toEqual(reference);
      }),
      AGREEMENT_RUNS,
    );
    // Not vacuous: each action is allowed in at least a tenth of the decisions where a grant of it is held.
    expect(tally.belowMinimum(ACTIONS, 0.1, { minimumHeld: 20 }), tally.describe()).toEqual([]);
  });

  it('raising a level never removes access', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.constantFrom(...ACTIONS), (world, pick, action) => {
        const roles = world.policy.securityRoles ?? [];
        const target = roles[pick % roles.length]!;
        const current = (target.privileges.t as Record<string, AccessLevel | undefined>)[action] ?? 'none';
        const raised =
          ACCESS_LEVELS[Math.min(ACCESS_LEVELS.indexOf(current) + 1 + (pick % 2), ACCESS_LEVELS.length - 1)]!;
        const policy: PolicyInput = {
          ...world.policy,
          securityRoles: roles.map((role) =>
            role === target
              ? { ...role, privileges: { ...role.privileges, t: { ...role.privileges.t, [action]: raised } } }
              : role,
          ),
        };
        const before = decisions(world.policy, world.user, world);
        const after = decisions(policy, world.user, world);
        before.forEach((allowed, i) => {
          if (allowed) expect(after[i]).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('adding a role or a team never removes access', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.boolean(), (world, pick, addTeam) => {
        const roles = world.policy.securityRoles ?? [];
        const teams = (world.policy.teams ?? []).filter((team) => team.isDefault !== true);
        const user: UserPrincipal =
          addTeam && teams.length > 0
            ? { ...world.user, teams: [...(world.user.teams ?? []), teams[pick % teams.length]!.id] }
            : {
                ...world.user,
                securityRoles: [...(world.user.securityRoles ?? []), roles[pick % roles.length]!.name],
              };
        const before = decisions(world.policy, world.user, world);
        const after = decisions(world.policy, user, world);
        before.forEach((allowed, i) => {
          if (allowed) expect(after[i]).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('the order and repetition of roles, teams and policy entries change nothing', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const roles = world.user.securityRoles ?? [];
        const teams = world.user.teams ?? [];
        const user: UserPrincipal = {
          ...world.user,
          securityRoles: [...roles, ...roles].reverse(),
          teams: [...teams, ...teams].reverse(),
        };
        const policy: PolicyInput = {
          ...world.policy,
          securityRoles: [...(world.policy.securityRoles ?? [])].reverse(),
          teams: [...(world.policy.teams ?? [])].reverse(),
          businessUnits: [...(world.policy.businessUnits ?? [])].reverse(),
        };
        expect(decisions(policy, user, world)).toEqual(decisions(world.policy, world.user, world));
      }),
      RUNS,
    );
  });
});
