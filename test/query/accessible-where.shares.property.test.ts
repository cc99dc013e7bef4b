import type { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type PolicyInput,
  type Principal,
  type UserPrincipal,
} from '../../src/index.js';
import { databaseFinding, inMemoryFinding, type Scope } from '../../src/testing/agrees-with-reference.js';
import { arbitraryDataset, recordsOf } from '../../src/testing/arbitrary-dataset.js';
import { arbitraryUser } from '../../src/testing/arbitrary-user.js';
import { ALL_ACTIONS, checkedTables, resolvePolicy } from '../../src/testing/policy-under-test.js';
import type { RecordsByTable } from '../../src/testing/records-by-table.js';
import { createScratchDatabase, type DatabaseHandle } from '../../src/testing/scratch-database.js';
import { freshPglite } from '../fixtures/pglite.js';
import { propertyRuns } from '../fixtures/property-runs.js';

// Shares that follow related records and default teams, decided by the compiled ability, filterAccessible,
// the SQL filter in PGlite and SQLite, and the reference evaluator (src/testing/reference-users.ts).

const RUNS = propertyRuns(60);
const TABLES = ['account', 'salesorder', 'orderline'] as const;
const SHARED_ACTIONS = ['read', 'write', 'delete', 'append', 'appendTo', 'assign', 'share'] as const;
const OWNED = { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' } as const;
const cascadeArb = fc.constantFrom<'cascade' | 'noCascade' | undefined>(
  'cascade',
  'cascade',
  'noCascade',
  undefined,
);
const levelArb = fc.constantFrom<AccessLevel>(...ACCESS_LEVELS);
const privilegesArb = fc.dictionary(fc.constantFrom(...SHARED_ACTIONS), levelArb, { maxKeys: 4 });

const cascadeOf = (parent: string, share: 'cascade' | 'noCascade' | undefined) =>
  share === undefined ? {} : { cascade: { [parent]: { share } } };

/** Random policies over account → salesorder → orderline: cascades, roles, default and other teams. */
const policyArb: fc.Arbitrary<PolicyInput> = fc
  .record({
    orderCascade: cascadeArb,
    lineCascade: cascadeArb,
    lineShares: fc.boolean(),
    roles: fc.array(
      fc.record({ account: privilegesArb, salesorder: privilegesArb, orderline: privilegesArb }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    teams: fc.array(
      fc.record({
        unit: fc.constantFrom('root', 'sales', 'service'),
        type: fc.constantFrom('owner', 'group', 'access'),
        isDefault: fc.boolean(),
        roles: fc.subarray([0, 1, 2], { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ orderCascade, lineCascade, lineShares, roles, teams }): PolicyInput => {
    const defaults = new Set<string>();
    return {
      tables: {
        account: { ...OWNED, shares: 'sharedWith', sql: { shares: { table: 'account_share' } } },
        salesorder: {
          ...OWNED,
          shares: 'sharedWith',
          parent: { account: 'accountId' },
          ...cascadeOf('account', orderCascade),
          sql: { shares: { table: 'salesorder_share' } },
        },
        orderline: {
          ...OWNED,
          parent: { salesorder: 'orderId' },
          ...cascadeOf('salesorder', lineCascade),
          ...(lineShares ? { shares: 'sharedWith', sql: { shares: { table: 'orderline_share' } } } : {}),
        },
      },
      businessUnits: [{ id: 'root' }, { id: 'sales', parent: 'root' }, { id: 'service', parent: 'root' }],
      securityRoles: roles.map((privileges, index) => ({ name: `r${index}`, privileges })),
      teams: teams.map((team, index) => {
        // One default team per unit, an owner team (the policy refuses anything else).
        const isDefault = team.isDefault && !defaults.has(team.unit);
        if (isDefault) defaults.add(team.unit);
        const type = isDefault ? 'owner' : team.type;
        const securityRoles =
          type === 'access' ? [] : team.roles.filter((role) => role < roles.length).map((role) => `r${role}`);
        return {
          id: `t${index}`,
          businessUnitId: team.unit,
          type,
          securityRoles,
          ...(isDefault ? { isDefault } : {}),
        };
      }),
    };
  });

const caseArb = policyArb.chain((input) =>
  fc.record({
    input: fc.constant(input),
    users: fc.array(arbitraryUser(input), { minLength: 2, maxLength: 6 }),
    dataset: arbitraryDataset(input, { maxRows: 5 }),
  }),
);

let handles: DatabaseHandle[] = [];
let pglite: PGlite;
let sqlite: Database.Database;
beforeAll(async () => {
  pglite = freshPglite();
  await pglite.waitReady;
  sqlite = new Database(':memory:');
  handles = [pglite, sqlite];
}, 60_000);
afterAll(async () => {
  await pglite.close();
  sqlite.close();
}, 60_000);

describe('shares that follow related records, and default teams, as properties', () => {
  it('the ability, filterAccessible and the SQL filter in PGlite and SQLite agree with the reference evaluator', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ input, users, dataset }) => {
        const resolved = resolvePolicy(input);
        const tables = checkedTables(resolved.input, [...TABLES]);
        const scope: Scope = { resolved, tables, actions: ALL_ACTIONS };
        const rows: RecordsByTable = tables.map((table) => [
          table,
          recordsOf(resolved.input, dataset, table),
        ]);
        for (const user of users as Principal[]) expect(inMemoryFinding(scope, user, rows)).toBeUndefined();
        for (const handle of handles) {
          const db = await createScratchDatabase(handle, resolved.policy, resolved.input);
          try {
            await db.fill(dataset);
            for (const user of users as UserPrincipal[])
              expect(await databaseFinding(scope, db, user, dataset)).toBeUndefined();
          } finally {
            await db.drop();
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
