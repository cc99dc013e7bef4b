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
const sqlTables: readonly TestTable[] = [{ name: 'lead', columns: ['id', 'ownerId', 'unitId'] }];

/** A manager with random reports and roles under a random hierarchy, and leads owned by anyone. */
const worldArb = fc
  .record({ model: fc.constantFrom('manager', 'position'), depth: fc.integer({ min: 1, max: 4 }) })
  .chain(({ model, depth }) =>
    fc.record({
      hierarchy: fc.record({
        model: fc.constant(model as 'manager' | 'position'),
        depth: fc.constant(depth),
        writeDepth: fc.integer({ min: 1, max: depth }),
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
      direct: fc.subarray(['dan', 'eve']),
      indirect: fc.array(fc.subarray(['eve', 'fay', 'gus']), { maxLength: 4 }),
      owners: fc.array(fc.constantFrom(...PEOPLE, '', undefined), { minLength: 1, maxLength: 8 }),
      units: fc.array(fc.constantFrom('hq', 'east'), { minLength: 8, maxLength: 8 }),
    }),
  )
  .map((world) => {
    const policy: PolicyInput = {
      tables: { lead: { owner: 'ownerId', businessUnit: 'unitId' } },
      businessUnits: [{ id: 'hq' }, { id: 'east', parent: 'hq' }],
      securityRoles: [{ name: 'Sales', privileges: { lead: world.privileges } }],
      hierarchy: world.hierarchy,
    };
    const user: UserPrincipal = {
      kind: 'user',
      id: 'me',
      businessUnitId: 'east',
      licensed: true,
      securityRoles: ['Sales'],
      ...(world.accessMode === undefined ? {} : { accessMode: world.accessMode }),
      reports: { direct: world.direct, indirect: world.indirect },
    };
    const rows = world.owners.map((owner, index) => ({
      id: `lead${index}`,
      ...(owner === undefined ? {} : { ownerId: owner }),
      unitId: world.units[index]!,
    }));
    return { policy, user, rows };
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

  it('the SQL filter selects exactly the leads the reference evaluator allows, with one array parameter for the reports', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async ({ policy, user, rows }) => {
        const ability = abilityFor(definePolicy(policy), user);
        await db.clear(sqlTables);
        await db.insert(sqlTables[0]!, rows);
        for (const action of ACTIONS) {
          const { sql, params } = accessibleWhere(ability, action, 'lead', { dialect: db.dialect });
          const expected = rows
            .filter((row) => referenceUserCan(policy, user, action, 'lead', row))
            .map((row) => row.id)
            .sort();
          expect(await db.ids('lead', sql, params)).toEqual(expected);
          // The reports are bound once, whatever their number: never one parameter per report.
          expect(params.length).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
