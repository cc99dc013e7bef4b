import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  definePolicy,
  type PolicyInput,
  subject,
  type UserPrincipal,
} from '../../src/index.js';
import { referenceUserCan } from '../../src/testing/reference-users.js';
import { propertyRuns } from '../fixtures/property-runs.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

const RUNS = propertyRuns(100);
const ACTIONS = ['read', 'write', 'append', 'appendTo', 'delete'] as const;
const LEVELS = ['none', 'user', 'businessUnit'] as const;
const PEOPLE = ['me', 'dan', 'eve', 'fay', 'gus', 'hal'] as const;
const TEAMS = ['crew', 'desk', 'east-all'] as const;
const sqlTables: readonly TestTable[] = [
  { name: 'lead', columns: ['id', 'ownerId', 'unitId'] },
  { name: 'lead_share', columns: ['record', 'principal', 'privilege'] },
];

type ListedReport = NonNullable<NonNullable<UserPrincipal['reports']>['direct']>[number];

/** A report: an id alone, or with a unit (a sibling or a parent of the manager's breaks the unit rule), teams and a state. */
const reportArb = (ids: readonly string[]): fc.Arbitrary<ListedReport> =>
  fc.oneof(
    fc.constantFrom(...ids),
    fc.record(
      {
        id: fc.constantFrom(...ids),
        businessUnitId: fc.constantFrom('east', 'east', 'hq', 'west'),
        teams: fc.subarray(['crew', 'desk'], { minLength: 1 }),
        enabled: fc.boolean(),
      },
      { requiredKeys: ['id'] },
    ),
  );

/** Each report listed once: a second listing is refused as ambiguous. */
function listedOnce(direct: readonly ListedReport[], indirect: readonly ListedReport[][]) {
  const seen = new Set<string>();
  const once = (level: readonly ListedReport[]) =>
    level.filter((report) => {
      const id = typeof report === 'string' ? report : report.id;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  return { direct: once(direct), indirect: indirect.map(once) };
}

/** The principal with its reports as bare ids: no teams, units or states. */
function bare(user: UserPrincipal): UserPrincipal {
  const ids = (level: readonly ListedReport[]) =>
    level.map((report) => (typeof report === 'string' ? report : report.id));
  return {
    ...user,
    reports: { direct: ids(user.reports?.direct ?? []), indirect: (user.reports?.indirect ?? []).map(ids) },
  };
}

/** A manager with random reports and roles under a random hierarchy, and leads owned by anyone. */
const drawArb = fc
  .record({ model: fc.constantFrom('manager', 'position'), depth: fc.integer({ min: 1, max: 4 }) })
  .chain(({ model, depth }) =>
    fc.record({
      hierarchy: fc.record({
        model: fc.constant(model as 'manager' | 'position'),
        depth: fc.constant(depth),
        writeDepth: fc.integer({ min: 1, max: depth }),
        includeDisabledReports: fc.boolean(),
      }),
      privileges: fc.record(
        {
          read: fc.constantFrom(...LEVELS),
          write: fc.constantFrom(...LEVELS),
          append: fc.constantFrom(...LEVELS),
          appendTo: fc.constantFrom(...LEVELS),
          delete: fc.constantFrom(...LEVELS),
        },
        { requiredKeys: [] },
      ),
      accessMode: fc.constantFrom('read-write', 'read', undefined),
      direct: fc.array(reportArb(['dan', 'eve']), { maxLength: 2 }),
      indirect: fc.array(fc.array(reportArb(['eve', 'fay', 'gus']), { maxLength: 2 }), { maxLength: 4 }),
      owners: fc.array(fc.constantFrom(...PEOPLE, ...TEAMS, '', undefined), { minLength: 1, maxLength: 8 }),
      units: fc.array(fc.constantFrom('hq', 'east'), { minLength: 8, maxLength: 8 }),
      shares: fc.array(
        fc.array(
          fc.record({
            principal: fc.constantFrom(...PEOPLE, ...TEAMS),
            privileges: fc.subarray([...ACTIONS], { minLength: 1 }),
          }),
          { maxLength: 2 },
        ),
        { minLength: 8, maxLength: 8 },
      ),
    }),
  );
type Draw = typeof drawArb extends fc.Arbitrary<infer T> ? T : never;

function worldOf(world: Draw) {
  const policy: PolicyInput = {
    tables: {
      lead: {
        owner: 'ownerId',
        businessUnit: 'unitId',
        shares: 'sharedWith',
        sql: { shares: { table: 'lead_share' } },
      },
    },
    businessUnits: [{ id: 'hq' }, { id: 'east', parent: 'hq' }, { id: 'west', parent: 'hq' }],
    securityRoles: [{ name: 'Sales', privileges: { lead: world.privileges } }],
    teams: [
      { id: 'crew', type: 'owner', businessUnitId: 'east' },
      { id: 'desk', type: 'access', businessUnitId: 'east' },
      { id: 'east-all', type: 'owner', businessUnitId: 'east', isDefault: true },
    ],
    hierarchy: world.hierarchy,
  };
  const user: UserPrincipal = {
    kind: 'user',
    id: 'me',
    businessUnitId: 'east',
    licensed: true,
    securityRoles: ['Sales'],
    ...(world.accessMode === undefined ? {} : { accessMode: world.accessMode }),
    reports: listedOnce(world.direct, world.indirect),
  };
  const rows = world.owners.map((owner, index) => ({
    id: `lead${index}`,
    ...(owner === undefined ? {} : { ownerId: owner }),
    unitId: world.units[index]!,
    sharedWith: world.shares[index]!,
  }));
  // Beside the random rows, one row owned by each team, so rows coming with a report's team are common.
  for (const team of TEAMS) rows.push({ id: `lead-of-${team}`, ownerId: team, unitId: 'hq', sharedWith: [] });
  return { policy, user, rows };
}

const worldArb = drawArb.map(worldOf);

/**
 * A world the SQL property always tries first, so that its non-vacuity holds whatever the seed: Dan, a direct
 * report in the manager's unit, is in team crew (which owns a lead) and has a lead shared with him for read.
 */
const TEAMS_AND_SHARES = worldOf({
  hierarchy: { model: 'manager', depth: 1, writeDepth: 1, includeDisabledReports: false },
  privileges: { read: 'user', write: 'user' },
  accessMode: undefined,
  direct: [{ id: 'dan', businessUnitId: 'east', teams: ['crew'], enabled: true }],
  indirect: [],
  owners: ['fay'],
  units: Array.from({ length: 8 }, () => 'east' as const),
  shares: [[{ principal: 'dan', privileges: ['read'] }], [], [], [], [], [], [], []],
});

describe('hierarchy security agrees with the reference evaluator', () => {
  it('in memory, for every action and lead', () => {
    fc.assert(
      fc.property(worldArb, ({ policy, user, rows }) => {
        const ability = abilityFor(definePolicy(policy), user);
        for (const row of rows) {
          for (const action of ACTIONS) {
            expect(ability.can(action, subject('lead', { ...row })), `${action} ${JSON.stringify(row)}`).toBe(
              referenceUserCan(policy, user, action, 'lead', row),
            );
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('hierarchy security in SQL (%s)', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(sqlTables);
  }, 60_000);
  afterAll(() => db?.close());

  it("the SQL filter selects exactly the leads the reference evaluator allows, reports' teams and shares included", async () => {
    const seen = { throughTeams: 0, throughShares: 0 };
    await fc.assert(
      fc.asyncProperty(worldArb, async ({ policy, user, rows }) => {
        const ability = abilityFor(definePolicy(policy), user);
        await db.clear(sqlTables);
        await db.insert(
          sqlTables[0]!,
          rows.map(({ sharedWith: _, ...row }) => row),
        );
        await db.insert(
          sqlTables[1]!,
          rows.flatMap((row) =>
            row.sharedWith.flatMap(({ principal, privileges }) =>
              privileges.map((privilege) => ({ record: row.id, principal, privilege })),
            ),
          ),
        );
        for (const action of ACTIONS) {
          const { sql, params } = accessibleWhere(ability, action, 'lead', { dialect: db.dialect });
          const expected = rows
            .filter((row) => referenceUserCan(policy, user, action, 'lead', row))
            .map((row) => row.id)
            .sort();
          expect(await db.ids('lead', sql, params)).toEqual(expected);
          for (const row of rows) {
            if (
              !referenceUserCan(policy, user, action, 'lead', row) ||
              referenceUserCan(policy, bare(user), action, 'lead', row)
            )
              continue;
            seen.throughTeams += 1;
          }
          for (const row of rows) {
            const { sharedWith: _, ...unshared } = row;
            if (
              referenceUserCan(policy, user, action, 'lead', row) &&
              !referenceUserCan(policy, user, action, 'lead', unshared)
            )
              seen.throughShares += 1;
          }
        }
      }),
      { numRuns: RUNS, examples: [[TEAMS_AND_SHARES]] },
    );
    // Not vacuous: rows came through a report's team and through shares (to the manager, a report or a team).
    expect(seen.throughTeams, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen.throughShares, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});
