import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  definePolicy,
  type Report,
  subject,
  type UserPrincipal,
} from '../../src/index.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

// The attacker cases of hierarchy through the reports' teams and shares, decided by the SQL filter in a real
// database and by `can`: both must list exactly the rows expected.

const policy = definePolicy({
  tables: {
    lead: {
      owner: 'ownerId',
      businessUnit: 'unitId',
      shares: 'sharedWith',
      sql: { shares: { table: 'lead_share' } },
    },
  },
  businessUnits: [{ id: 'hq' }, { id: 'sales', parent: 'hq' }, { id: 'service', parent: 'hq' }],
  securityRoles: [{ name: 'Salesperson', privileges: { lead: { read: 'user', write: 'user' } } }],
  teams: [
    { id: 'crew', type: 'owner', businessUnitId: 'sales' },
    { id: 'desk', type: 'access', businessUnitId: 'sales' },
  ],
  hierarchy: { model: 'manager' },
});

const tables: readonly TestTable[] = [
  { name: 'lead', columns: ['id', 'ownerId', 'unitId'] },
  { name: 'lead_share', columns: ['record', 'principal', 'privilege'] },
];

interface Row {
  readonly id: string;
  readonly ownerId?: string | null;
  readonly shares?: readonly (readonly [string, string])[];
}

const rows: readonly Row[] = [
  { id: 'owned-by-sam', ownerId: 'sam' },
  { id: 'owned-by-crew', ownerId: 'crew' },
  { id: 'owned-by-desk', ownerId: 'desk' },
  { id: 'shared-with-sam', ownerId: 'other', shares: [['sam', 'read']] },
  { id: 'shared-with-crew', ownerId: 'other', shares: [['crew', 'read']] },
  { id: 'shared-with-desk-for-write', ownerId: 'other', shares: [['desk', 'write']] },
  { id: 'no-owner', ownerId: null },
  { id: 'empty-owner', ownerId: '' },
];

const manager = (direct: Report[]): UserPrincipal => ({
  kind: 'user',
  id: 'mia',
  businessUnitId: 'sales',
  licensed: true,
  securityRoles: ['Salesperson'],
  reports: { direct },
});

const cases: readonly [string, Report[], readonly string[]][] = [
  [
    'a report and their teams: rows they or their owner team own, and rows shared with them or any team',
    [{ id: 'sam', businessUnitId: 'sales', teams: ['crew', 'desk'] }],
    ['owned-by-crew', 'owned-by-sam', 'shared-with-crew', 'shared-with-sam'],
  ],
  [
    'a report in a sibling unit gives nothing',
    [{ id: 'sam', businessUnitId: 'service', teams: ['crew'] }],
    [],
  ],
  ["a disabled report's team gives nothing", [{ id: 'sam', teams: ['crew'], enabled: false }], []],
  [
    'a share to a team the report left gives nothing',
    [{ id: 'sam', teams: ['desk'] }],
    ['owned-by-sam', 'shared-with-sam'],
  ],
];

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])("hierarchy through the reports' teams and shares in SQL (%s)", (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(tables);
    await db.insert(
      tables[0]!,
      rows.map(({ id, ownerId }) => ({ id, unitId: 'hq', ...(ownerId === undefined ? {} : { ownerId }) })),
    );
    await db.insert(
      tables[1]!,
      rows.flatMap(({ id, shares }) =>
        (shares ?? []).map(([principal, privilege]) => ({ record: id, principal, privilege })),
      ),
    );
  }, 60_000);
  afterAll(() => db?.close());

  it.each(cases)('%s', async (_name, direct, expected) => {
    const ability = abilityFor(policy, manager(direct));
    const { sql, params } = accessibleWhere(ability, 'read', 'lead', { dialect: db.dialect });
    expect(await db.ids('lead', sql, params)).toEqual([...expected].sort());
    const inMemory = rows
      .filter(({ id, ownerId, shares }) =>
        ability.can(
          'read',
          subject('lead', {
            id,
            unitId: 'hq',
            ...(ownerId === undefined ? {} : { ownerId }),
            sharedWith: (shares ?? []).map(([principal, privilege]) => ({
              principal,
              privileges: [privilege],
            })),
          }),
        ),
      )
      .map(({ id }) => id)
      .sort();
    expect(inMemory).toEqual([...expected].sort());
  });
});
