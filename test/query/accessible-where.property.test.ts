import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  definePolicy,
  filterAccessible,
  type PolicyInput,
  type Principal,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
  type TablePermissionInput,
} from '../../src/index.js';
import { AllowTally, holdsGrant } from '../../src/testing/allow-tally.js';
import { propertyRuns } from '../fixtures/property-runs.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

const RUNS = propertyRuns(150);

/**
 * A portal schema with every scope and a parent chain four tables deep: note → line → order → contact;
 * orders are also linked to watching contacts and notes to accounts through intersect tables.
 */
const tablesInput = {
  contact: {},
  salesorder: {
    contact: 'orderedBy',
    account: 'customerAccount',
    legalEntity: 'company',
    parent: { contact: 'orderedBy' },
    manyToMany: {
      order_watchers: {
        links: 'contact',
        field: 'watcherIds',
        intersect: 'order_watchers',
        recordColumn: 'orderid',
        relatedColumn: 'contactid',
      },
    },
  },
  salesorderline: { contact: 'createdBy', parent: { salesorder: 'salesOrderId' } },
  linenote: {
    account: 'accountNumber',
    parent: { salesorderline: 'lineId' },
    manyToMany: {
      note_accounts: {
        links: 'account',
        field: 'accountNumbers',
        intersect: 'note_accounts',
        recordColumn: 'noteid',
        relatedColumn: 'accountnumber',
      },
    },
  },
} as const satisfies PolicyInput['tables'];

type Table = keyof typeof tablesInput;
const CHAIN: readonly Table[] = ['contact', 'salesorder', 'salesorderline', 'linenote'];
const parentOf = (table: Table): { table: Table; field: string } | undefined => {
  const parent = (tablesInput[table] as { parent?: Record<string, string> }).parent;
  const [name, field] = Object.entries(parent ?? {})[0] ?? [];
  return name === undefined || field === undefined ? undefined : { table: name as Table, field };
};
// `scope:relationship` goes through a many-to-many relationship.
type RootScope =
  | 'global'
  | 'self'
  | 'contact'
  | 'account'
  | 'contact:order_watchers'
  | 'account:note_accounts';
const ROOT_SCOPES: Record<Table, readonly RootScope[]> = {
  contact: ['global', 'self'],
  salesorder: ['global', 'contact', 'account', 'contact:order_watchers'],
  salesorderline: ['global', 'contact'],
  linenote: ['global', 'account', 'account:note_accounts'],
};
const rootScope = (choice: RootScope) => {
  const [scope, relationship] = choice.split(':') as ['global' | 'self' | 'contact' | 'account', string?];
  return relationship === undefined ? { scope } : { scope, relationship };
};

/** Each intersect table: the table whose rows it links, the list field in memory, its two columns. */
const INTERSECTS = [
  { name: 'order_watchers', table: 'salesorder', field: 'watcherIds', columns: ['orderid', 'contactid'] },
  { name: 'note_accounts', table: 'linenote', field: 'accountNumbers', columns: ['noteid', 'accountnumber'] },
] as const;
const ROLES = ['R1', 'R2', 'Authenticated', 'Anonymous'] as const;

const sqlTables: readonly TestTable[] = [
  { name: 'contact', columns: ['id'] },
  { name: 'salesorder', columns: ['id', 'orderedBy', 'customerAccount', 'company'] },
  { name: 'salesorderline', columns: ['id', 'createdBy', 'salesOrderId'] },
  { name: 'linenote', columns: ['id', 'accountNumber', 'lineId'] },
  ...INTERSECTS.map(({ name, columns }) => ({ name, columns })),
];

/** The rows of a table, or of an intersect table: one row per string a record lists. */
function sqlRowsOf(rows: Record<Table, Row[]>, name: string): Row[] {
  const intersect = INTERSECTS.find((candidate) => candidate.name === name);
  if (!intersect) return rows[name as Table];
  const [recordColumn, relatedColumn] = intersect.columns;
  return rows[intersect.table].flatMap((row) => {
    const ids = row[intersect.field];
    return Array.isArray(ids)
      ? ids
          .filter((id) => typeof id === 'string')
          .map((id) => ({ [recordColumn]: row.id, [relatedColumn]: id }))
      : [];
  });
}

// ---- random policies ---------------------------------------------------------------------------------

const permissionArb = fc.record({
  scope: fc.nat(3),
  // For a parent permission: which permission of the parent table it hangs under.
  parent: fc.nat(7),
  isChild: fc.boolean(),
  privileges: fc.subarray([...TABLE_PERMISSION_PRIVILEGES], { minLength: 2 }),
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  active: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const policyArb = fc
  .record({
    contact: fc.array(permissionArb, { minLength: 1, maxLength: 2 }),
    salesorder: fc.array(permissionArb, { minLength: 1, maxLength: 3 }),
    salesorderline: fc.array(permissionArb, { minLength: 1, maxLength: 3 }),
    linenote: fc.array(permissionArb, { minLength: 1, maxLength: 3 }),
  })
  .map((blueprint) => {
    const permissions: TablePermissionInput[] = [];
    const byTable = new Map<Table, TablePermissionInput[]>();
    for (const table of CHAIN) {
      const own: TablePermissionInput[] = [];
      blueprint[table].forEach((spec, index) => {
        const parentTable = parentOf(table)?.table;
        const candidates = parentTable ? (byTable.get(parentTable) ?? []) : [];
        const parent =
          spec.isChild && candidates.length > 0 ? candidates[spec.parent % candidates.length] : undefined;
        const base = {
          name: `${table} ${index}`,
          table,
          privileges: spec.privileges,
          active: spec.active,
        };
        own.push(
          parent
            ? {
                ...base,
                scope: 'parent',
                parent: parent.name,
                // A child permission may only use roles its parent has; keep it effective most of the time.
                webRoles: spec.roles.some((role) => parent.webRoles?.includes(role))
                  ? spec.roles.filter((role) => parent.webRoles?.includes(role))
                  : [...(parent.webRoles ?? [])],
              }
            : {
                ...base,
                ...rootScope(ROOT_SCOPES[table][spec.scope % ROOT_SCOPES[table].length]!),
                webRoles: spec.roles,
              },
        );
      });
      byTable.set(table, own);
      permissions.push(...own);
    }
    return definePolicy({
      tables: tablesInput,
      webRoles: [
        { name: 'R1' },
        { name: 'R2' },
        { name: 'Authenticated', authenticatedUsers: true },
        { name: 'Anonymous', anonymousUsers: true },
      ],
      tablePermissions: permissions,
    });
  });

// ---- random principals -------------------------------------------------------------------------------

const maybe = <T>(values: readonly T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom(null, '', undefined) },
  );
const principalArb: fc.Arbitrary<Principal> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        id: fc.constantFrom('c1', 'c2', "c' OR 1=1 --"),
        accountId: maybe(['A', 'B']),
        legalEntity: maybe(['e1', 'e2']),
        webRoles: fc.oneof(fc.constant(['R1', 'R2']), fc.subarray(['R1', 'R2'])),
        state: fc.constantFrom('active', 'active', 'active', 'disabled'),
        mustChangePassword: fc.constantFrom(false, false, false, true),
      })
      .map(({ accountId, legalEntity, ...rest }) => ({
        kind: 'contact' as const,
        ...rest,
        ...(accountId === undefined ? {} : { accountId }),
        ...(legalEntity === undefined ? {} : { legalEntity }),
      })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
);

// ---- random rows: values from small pools, plus empty strings, nulls and missing fields ----------------

const cell = (values: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom('', null, undefined) },
  );

type Row = Record<string, unknown>;
/** A list of related ids as a record holds it: strings (some empty), or no list at all. */
const links = (values: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...values, ''), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  );
const withoutMissing = (row: Record<string, unknown>): Row =>
  Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));

const rowsArb = fc
  .record({
    contact: fc.subarray(['c1', 'c2', 'c3', "c' OR 1=1 --"], { minLength: 1 }),
    salesorder: fc.array(
      fc.record({
        orderedBy: cell(['c1', 'c2', 'c3', 'c9']),
        customerAccount: cell(['A', 'B']),
        company: cell(['e1', 'e2']),
        watcherIds: links(['c1', 'c2', 'c9']),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    salesorderline: fc.array(
      fc.record({ createdBy: cell(['c1', 'c2']), salesOrderId: cell(['o0', 'o1', 'o2', 'o3', 'o9']) }),
      { minLength: 1, maxLength: 6 },
    ),
    linenote: fc.array(
      fc.record({
        accountNumber: cell(['A', 'B']),
        lineId: cell(['l0', 'l1', 'l2', 'l9']),
        accountNumbers: links(['A', 'B']),
      }),
      { maxLength: 5 },
    ),
  })
  .map(
    ({ contact, salesorder, salesorderline, linenote }): Record<Table, Row[]> => ({
      contact: contact.map((id) => ({ id })),
      salesorder: salesorder.map((row, index) => withoutMissing({ id: `o${index}`, ...row })),
      salesorderline: salesorderline.map((row, index) => withoutMissing({ id: `l${index}`, ...row })),
      linenote: linenote.map((row, index) => withoutMissing({ id: `n${index}`, ...row })),
    }),
  );

/** A record as `can` sees it: the parent its relationship field names is embedded under the parent's table. */
function embed(rows: Record<Table, Row[]>, table: Table, row: Row): Row {
  const parent = parentOf(table);
  if (!parent) return { ...row };
  const found = rows[parent.table].find((candidate) => candidate.id === row[parent.field]);
  return found ? { ...row, [parent.table]: embed(rows, parent.table, found) } : { ...row };
}

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('random portal policies in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(sqlTables);
  }, 120_000);
  afterAll(() => db?.close());

  it('for every action and table, the SQL filter selects exactly the rows can allows (and filterAccessible keeps)', async () => {
    const tally = new AllowTally();
    await fc.assert(
      fc.asyncProperty(policyArb, principalArb, rowsArb, async (policy, principal, rows) => {
        await db.clear(sqlTables);
        for (const table of sqlTables) await db.insert(table, sqlRowsOf(rows, table.name));
        const ability = abilityFor(policy, principal);
        for (const table of CHAIN) {
          const records = rows[table].map((row) => embed(rows, table, row));
          for (const action of TABLE_PERMISSION_PRIVILEGES) {
            const held = holdsGrant(ability, action, table);
            const allowed = records.filter((record) => {
              const answer = ability.can(action, subject(table, { ...record }));
              tally.record(action, answer, held);
              return answer;
            });
            const { sql, params } = accessibleWhere(ability, action, table, { dialect: db.dialect });
            const listed = await db.ids(table, sql, params);
            expect({ table, action, listed }).toEqual({
              table,
              action,
              listed: allowed.map((record) => String(record.id)).sort(),
            });
            expect(filterAccessible(ability, action, table, records)).toEqual(allowed);
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: the filters select rows for every action, not only the empty set.
    expect(
      tally.belowMinimum(TABLE_PERMISSION_PRIVILEGES, 0.1, { minimumHeld: 20 }),
      tally.describe(),
    ).toEqual([]);
  }, 180_000);
});
