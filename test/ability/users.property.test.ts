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
// The agreement tests' non-vacuity check: the local loop tries at least 80 worlds (CI tries all 150), and
// judges an action once it was held in a fifth as many decisions as the worlds tried, at most 20.
const AGREEMENT_RUNS = { numRuns: Math.max(RUNS.numRuns, 80) };
const MINIMUM_HELD = Math.min(20, Math.ceil(AGREEMENT_RUNS.numRuns / 5));

interface World {
  readonly policy: PolicyInput;
  readonly user: UserPrincipal;
  readonly session: 'api' | 'interactive' | undefined;
  readonly records: readonly {
    readonly table: (typeof TABLES)[number];
    readonly record: Record<string, unknown>;
  }[];
}

// The gate fields of a user whom no gate stops: enabled, licensed, a person, read-write, registered.
const CLEARED = {
  accessMode: 'read-write',
  licensed: true,
  userType: 'person',
  enabled: true,
  invitationPending: false,
} as const;

const levelArb = fc.constantFrom<AccessLevel>(...ACCESS_LEVELS);

type ListedReport = NonNullable<NonNullable<UserPrincipal['reports']>['direct']>[number];

/** A report: an id alone, or with a unit, teams and a state the compiler judges (SPEC 2.7). */
function reportArb(
  ids: readonly string[],
  unit: fc.Arbitrary<string>,
  teamIds: readonly string[],
): fc.Arbitrary<ListedReport> {
  return fc.oneof(
    fc.constantFrom(...ids),
    fc.record(
      {
        id: fc.constantFrom(...ids),
        businessUnitId: unit,
        teams: fc.subarray([...teamIds], { maxLength: Math.min(2, teamIds.length) }),
        enabled: fc.constantFrom(true, false),
      },
      { requiredKeys: ['id'] },
    ),
  );
}

type Reports = NonNullable<UserPrincipal['reports']>;

/**
 * Each report listed once (a second listing is refused as ambiguous), never with a default team: its
 * membership follows the business unit, so listing another unit's is refused.
 */
function listedOnce(reports: Reports, teams: readonly { id: string; isDefault?: boolean }[]): Reports {
  const seen = new Set<string>();
  const defaults = new Set(teams.filter((team) => team.isDefault === true).map((team) => team.id));
  const once = (level: readonly ListedReport[]): ListedReport[] =>
    level.flatMap((report) => {
      const id = typeof report === 'string' ? report : report.id;
      if (seen.has(id)) return [];
      seen.add(id);
      if (typeof report === 'string' || report.teams === undefined) return [report];
      return [{ ...report, teams: report.teams.filter((team) => !defaults.has(team)) }];
    });
  return {
    ...(reports.direct === undefined ? {} : { direct: once(reports.direct) }),
    ...(reports.indirect === undefined ? {} : { indirect: reports.indirect.map(once) }),
  };
}

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
      // Half the users pass every gate, so that grants are held and met often enough to mean something.
      cleared: fc.boolean(),
      session: fc.constantFrom('api', 'interactive', undefined),
      hierarchy: fc.option(
        fc
          .record({ model: fc.constantFrom('manager', 'position'), depth: fc.integer({ min: 1, max: 3 }) })
          .chain(({ model, depth }) =>
            fc.record(
              {
                model: fc.constant(model),
                depth: fc.constant(depth),
                writeDepth: fc.integer({ min: 1, max: depth }),
                includeDisabledReports: fc.boolean(),
              },
              { requiredKeys: ['model', 'depth', 'writeDepth'] },
            ),
          ),
        { nil: undefined },
      ),
      reports: fc.option(
        fc.record(
          {
            direct: fc.array(reportArb(['dan', 'eve'], unit, teamIds), { maxLength: 2 }),
            indirect: fc.array(fc.array(reportArb(['eve', 'fay', 'gus'], unit, teamIds), { maxLength: 2 }), {
              maxLength: 3,
            }),
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
                principal: fc.constantFrom('me', 'other', 'dan', 'eve', 'fay', ...teamIds),
                privileges: fc.subarray([...ACTIONS]),
              }),
              { maxLength: 2 },
            ),
            { nil: undefined },
          ),
        }),
        { minLength: 2, maxLength: 8 },
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
      user: drawn,
      cleared,
      session,
      hierarchy,
      reports,
      records,
    }): World => {
      const user = cleared ? { ...drawn, ...CLEARED } : drawn;
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
        ...(reports === undefined ? {} : { reports: listedOnce(reports, teamDefs) }),
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
    expect(tally.belowMinimum(ACTIONS, 0.1, { minimumHeld: MINIMUM_HELD }), tally.describe()).toEqual([]);
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
    expect(tally.belowMinimum(ACTIONS, 0.1, { minimumHeld: MINIMUM_HELD }), tally.describe()).toEqual([]);
  });

  it("a manager reaches rows through the reports' teams and shares, and never through a left-out report, as the reference says", () => {
    // Managers past every gate who hold Read and Write at user level, so hierarchy grants happen often.
    const managers = worldArb
      .filter((world) => world.user.reports !== undefined)
      .map(
        (world): World => ({
          ...world,
          policy: {
            ...world.policy,
            securityRoles: [
              ...(world.policy.securityRoles ?? []),
              { name: 'manager', privileges: { t: { read: 'user', write: 'user' } } },
            ],
            hierarchy: world.policy.hierarchy ?? { model: 'manager', depth: 3 },
          },
          // Beside the random rows, one row owned by and one shared with each report and each team.
          records: [
            ...world.records,
            ...['dan', 'eve', 'fay', 'gus', ...(world.policy.teams ?? []).map((team) => team.id)].flatMap(
              (id) => [
                { table: 't' as const, record: { ownerId: id, unitId: 'u0' } },
                {
                  table: 't' as const,
                  record: {
                    ownerId: 'other',
                    sharedWith: [{ principal: id, privileges: ['read', 'write'] }],
                  },
                },
              ],
            ),
          ],
          user: {
            ...world.user,
            securityRoles: [...(world.user.securityRoles ?? []), 'manager'],
            licensed: true,
            enabled: true,
            accessMode: 'read-write',
            userType: 'person',
            invitationPending: false,
          },
        }),
      );
    const bare = (user: UserPrincipal): UserPrincipal => {
      const ids = (level: readonly ListedReport[]) =>
        level.map((report) => (typeof report === 'string' ? report : report.id));
      const reports = user.reports!;
      return {
        ...user,
        reports: {
          ...(reports.direct === undefined ? {} : { direct: ids(reports.direct) }),
          ...(reports.indirect === undefined ? {} : { indirect: reports.indirect.map(ids) }),
        },
      };
    };
    const seen = { throughTeams: 0, throughShares: 0, leftOut: 0 };
    fc.assert(
      fc.property(managers, (world) => {
        const compiled = decisions(world.policy, world.user, world);
        const { hierarchy: _, ...withoutHierarchy } = world.policy;
        let position = 0;
        for (const { table, record } of world.records) {
          for (const action of ACTIONS) {
            const can = (policy: PolicyInput, user: UserPrincipal, row: Record<string, unknown>) =>
              referenceUserCan(policy, user, action, table, row, options(world));
            const allowed = can(world.policy, world.user, record);
            expect(compiled[position++], `${action} ${JSON.stringify(record)}`).toBe(allowed);
            const { sharedWith: __, ...unshared } = record;
            if (allowed && !can(world.policy, bare(world.user), record)) seen.throughTeams += 1;
            if (
              allowed &&
              !can(world.policy, world.user, unshared) &&
              !can(withoutHierarchy, world.user, record)
            )
              seen.throughShares += 1;
            if (!allowed && can(world.policy, bare(world.user), record)) seen.leftOut += 1;
          }
        }
      }),
      { numRuns: propertyRuns(400) },
    );
    // Not vacuous: the generated cases grant through a report's team and through a share to a report or
    // their team, and a disabled or out-of-unit report is seen giving nothing.
    expect(seen.throughTeams, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen.throughShares, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen.leftOut, JSON.stringify(seen)).toBeGreaterThan(0);
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
