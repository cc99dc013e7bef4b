import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  definePolicy,
  isPortalPermissionsError,
  type Principal,
  subject,
} from '../../src/index.js';
import { customerPortalInput, orders, people, visibility } from '../fixtures/customer-portal.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

/** The seed policy plus a self permission and a three-deep parent chain (order → line → note). */
const portal = definePolicy({
  ...customerPortalInput,
  tables: { ...customerPortalInput.tables, linenote: { parent: { salesorderline: 'lineId' } } },
  tablePermissions: [
    ...customerPortalInput.tablePermissions,
    {
      name: 'My profile',
      table: 'contact',
      scope: 'self',
      privileges: ['read', 'write'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Notes on lines of my orders',
      table: 'linenote',
      scope: 'parent',
      parent: 'Lines of my orders',
      privileges: ['read'],
      webRoles: ['Authorized user'],
    },
  ],
});

const as = (principal: Principal) => abilityFor(portal, principal);

describe('the SQL filter of each scope (postgres)', () => {
  const where = (principal: Principal, table: Parameters<typeof accessibleWhere>[2]) =>
    accessibleWhere(as(principal), 'read', table, { dialect: 'postgres' });

  it('global scope is TRUE with no parameters', () => {
    expect(where(people.admin, 'salesorder')).toEqual({ sql: 'TRUE', params: [] });
  });

  it('no grant is an explicit FALSE, never an empty WHERE', () => {
    expect(where(people.visitor, 'salesorder')).toEqual({ sql: 'FALSE', params: [] });
    expect(where(people.may, 'salesorderline')).toEqual({ sql: 'FALSE', params: [] });
  });

  it('contact scope compares the contact column with a bound parameter', () => {
    expect(where(people.jane, 'salesorder')).toEqual({
      sql: '"salesorder"."orderedBy" = $1',
      params: ['jane'],
    });
  });

  it('account scope with a legal entity compares both columns', () => {
    expect(where(people.rep, 'salesorder')).toEqual({
      sql: '("salesorder"."customerAccount" = $1 AND "salesorder"."company" = $2)',
      params: ['X', 'usmf'],
    });
  });

  it('self scope compares the contact table key', () => {
    expect(where(people.jane, 'contact')).toEqual({ sql: '"contact"."id" = $1', params: ['jane'] });
  });

  it('a parent chain two deep is an EXISTS on the parent row', () => {
    expect(where(people.jane, 'salesorderline')).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "salesorder" AS p1 WHERE p1."id" = "salesorderline"."salesOrderId" AND p1."id" <> \'\' AND p1."orderedBy" = $1)',
      params: ['jane'],
    });
  });

  it('a parent chain three deep nests EXISTS with fresh aliases', () => {
    expect(where(people.jane, 'linenote')).toEqual({
      sql:
        'EXISTS (SELECT 1 FROM "salesorderline" AS p1 WHERE p1."id" = "linenote"."lineId" AND p1."id" <> \'\' AND ' +
        'EXISTS (SELECT 1 FROM "salesorder" AS p2 WHERE p2."id" = p1."salesOrderId" AND p2."id" <> \'\' AND p2."orderedBy" = $1))',
      params: ['jane'],
    });
  });

  it('several grants are one parenthesised OR, numbered from the first placeholder', () => {
    const both = { ...people.rep, webRoles: ['Customer representative', 'Authorized user'] };
    expect(
      accessibleWhere(as(both), 'read', 'salesorder', { dialect: 'postgres', alias: 'o', firstParameter: 4 }),
    ).toEqual({
      sql: '("o"."orderedBy" = $4 OR ("o"."customerAccount" = $5 AND "o"."company" = $6))',
      params: ['rita', 'X', 'usmf'],
    });
  });

  it('an action the grants do not include is FALSE', () => {
    expect(accessibleWhere(as(people.jane), 'delete', 'salesorder', { dialect: 'postgres' }).sql).toBe(
      'FALSE',
    );
  });
});

describe('the SQL filter of each scope (sqlite)', () => {
  const where = (principal: Principal, table: Parameters<typeof accessibleWhere>[2]) =>
    accessibleWhere(as(principal), 'read', table, { dialect: 'sqlite' });

  it('global scope is 1 and no grant is 0', () => {
    expect(where(people.admin, 'salesorder')).toEqual({ sql: '1', params: [] });
    expect(where(people.visitor, 'salesorder')).toEqual({ sql: '0', params: [] });
  });

  it('contact, account and self scopes use positional placeholders', () => {
    expect(where(people.jane, 'salesorder')).toEqual({
      sql: '"salesorder"."orderedBy" = ?',
      params: ['jane'],
    });
    expect(where(people.rep, 'salesorder')).toEqual({
      sql: '("salesorder"."customerAccount" = ? AND "salesorder"."company" = ?)',
      params: ['X', 'usmf'],
    });
    expect(where(people.jane, 'contact')).toEqual({ sql: '"contact"."id" = ?', params: ['jane'] });
  });

  it('parent chains are uncorrelated IN subqueries, each computed once', () => {
    expect(where(people.jane, 'linenote')).toEqual({
      sql:
        '"linenote"."lineId" IN (SELECT p1."id" FROM "salesorderline" AS p1 WHERE p1."id" <> \'\' AND ' +
        'p1."salesOrderId" IN (SELECT p2."id" FROM "salesorder" AS p2 WHERE p2."id" <> \'\' AND p2."orderedBy" = ?))',
      params: ['jane'],
    });
  });
});

describe('SQL names', () => {
  const mapped = definePolicy({
    ...customerPortalInput,
    tables: {
      ...customerPortalInput.tables,
      salesorder: {
        ...customerPortalInput.tables.salesorder,
        sql: { table: 'sales_orders', columns: { customerAccount: 'customer_account' } },
      },
    },
  });

  it('the table declaration renames tables and columns', () => {
    expect(
      accessibleWhere(abilityFor(mapped, people.rep), 'read', 'salesorder', { dialect: 'postgres' }),
    ).toEqual({
      sql: '("sales_orders"."customer_account" = $1 AND "sales_orders"."company" = $2)',
      params: ['X', 'usmf'],
    });
  });

  it('a mapping in the options overrides the declaration and reaches parent tables', () => {
    const filter = accessibleWhere(abilityFor(mapped, people.jane), 'read', 'salesorderline', {
      dialect: 'postgres',
      mapping: {
        salesorder: { table: 'orders', columns: { orderedBy: 'ordered_by' } },
        salesorderline: { table: 'order_lines', columns: { salesOrderId: 'order_id' } },
      },
    });
    expect(filter.sql).toBe(
      'EXISTS (SELECT 1 FROM "orders" AS p1 WHERE p1."id" = "order_lines"."order_id" AND p1."id" <> \'\' AND p1."ordered_by" = $1)',
    );
  });

  it('a subquery alias never hides the outer row', () => {
    const filter = accessibleWhere(as(people.jane), 'read', 'linenote', { dialect: 'postgres', alias: 'P1' });
    expect(filter.sql).toBe(
      'EXISTS (SELECT 1 FROM "salesorderline" AS p2 WHERE p2."id" = "P1"."lineId" AND p2."id" <> \'\' AND ' +
        'EXISTS (SELECT 1 FROM "salesorder" AS p3 WHERE p3."id" = p2."salesOrderId" AND p3."id" <> \'\' AND p3."orderedBy" = $1))',
    );
  });

  it('a mapped name containing a quote is refused with a hint', () => {
    const attempt = () =>
      accessibleWhere(as(people.jane), 'read', 'salesorder', {
        dialect: 'postgres',
        mapping: { salesorder: { columns: { orderedBy: 'ordered"; DROP TABLE x; --' } } },
      });
    expect(attempt).toThrowErrorMatchingInlineSnapshot(
      `[PortalPermissionsError: SQL name "ordered\\"; DROP TABLE x; --" at mapping.salesorder.columns.orderedBy is not allowed; use letters, digits and underscores, starting with a letter or underscore (max 63), and map names that differ under "sql" in the table declaration]`,
    );
  });

  it('an alias containing a quote is refused', () => {
    expect(() =>
      accessibleWhere(as(people.jane), 'read', 'salesorder', { dialect: 'sqlite', alias: 'o" OR 1=1 --' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_sql_identifier', path: ['alias'] }));
  });

  it('a policy declaring a quoted SQL name is invalid', () => {
    expect(() => definePolicy({ tables: { salesorder: { sql: { table: 'sales"orders' } } } })).toThrow(
      expect.objectContaining({ code: 'invalid_policy' }),
    );
  });

  it('an unknown table, dialect or first placeholder is an error, not an empty filter', () => {
    const ability = as(people.jane);
    const calls = [
      () => accessibleWhere(ability, 'read', 'salesorders' as 'salesorder', { dialect: 'postgres' }),
      () => accessibleWhere(ability, 'read', 'salesorder', { dialect: 'mysql' as 'postgres' }),
      () => accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres', firstParameter: 0 }),
      () =>
        accessibleWhere(ability, 'read', 'salesorder', {
          dialect: 'postgres',
          mapping: { orders: { table: 'o' } },
        }),
    ];
    const codes = calls.map((call) => {
      try {
        call();
        return 'no error';
      } catch (error) {
        return isPortalPermissionsError(error) ? error.code : 'foreign error';
      }
    });
    expect(codes).toEqual(['unknown_table', 'unknown_dialect', 'invalid_first_parameter', 'unknown_table']);
  });
});

const tables: readonly TestTable[] = [
  { name: 'salesorder', columns: ['id', 'customerAccount', 'company', 'orderedBy'] },
  { name: 'salesorderline', columns: ['id', 'salesOrderId'] },
  { name: 'linenote', columns: ['id', 'lineId'] },
  { name: 'contact', columns: ['id'] },
];

/** The seed orders, plus rows whose relationship values are null, missing or empty. */
const seedRows = {
  salesorder: [
    ...Object.values(orders),
    { id: 'SO-NULL', customerAccount: null, company: null, orderedBy: null },
    { id: 'SO-MISSING' },
    { id: 'SO-EMPTY', customerAccount: '', company: '', orderedBy: '' },
    { id: 'SO-SQL', customerAccount: "' OR '1'='1", company: 'usmf', orderedBy: '{"$ne":null}' },
    // An order of Jane's whose key is empty: a line referencing '' must still not join it (D2).
    { id: '', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' },
  ],
  salesorderline: [
    { id: 'L-1', salesOrderId: 'SO-1' },
    { id: 'L-2', salesOrderId: 'SO-2' },
    { id: 'L-NULL', salesOrderId: null },
    { id: 'L-DANGLING', salesOrderId: 'SO-404' },
    { id: 'L-EMPTY', salesOrderId: '' },
  ],
  linenote: [{ id: 'N-1', lineId: 'L-1' }, { id: 'N-2', lineId: 'L-2' }, { id: 'N-NULL' }],
  contact: [{ id: 'jane' }, { id: 'sam' }, { id: '' }],
} as const;

type SeedTable = keyof typeof seedRows;

/** The in-memory records as `can` sees them: each child embeds the parent its relationship field names. */
function embedded(table: SeedTable, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record: Record<string, unknown> = { ...row };
  const parents: Partial<Record<SeedTable, [SeedTable, string]>> = {
    salesorderline: ['salesorder', 'salesOrderId'],
    linenote: ['salesorderline', 'lineId'],
  };
  const link = parents[table];
  if (link) {
    const [parentTable, field] = link;
    const parent = (seedRows[parentTable] as readonly Record<string, unknown>[]).find(
      (candidate) => candidate.id === row[field],
    );
    if (parent) record[parentTable] = embedded(parentTable, parent);
  }
  return record;
}

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('the filter in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(tables);
    for (const table of tables) await db.insert(table, seedRows[table.name as SeedTable]);
  }, 30_000);
  afterAll(() => db?.close());

  const seedOrderIds = new Set(Object.values(orders).map((row) => row.id));
  for (const [persona, visible] of Object.entries(visibility)) {
    it(`${persona} lists exactly the seed orders of the visibility table`, async () => {
      const { sql, params } = accessibleWhere(
        as(people[persona as keyof typeof people]),
        'read',
        'salesorder',
        {
          dialect: db.dialect,
        },
      );
      const listed = (await db.ids('salesorder', sql, params)).filter((id) => seedOrderIds.has(id as never));
      expect(listed).toEqual(visible.map((key) => orders[key].id).sort());
    });
  }

  const principals: Record<string, Principal> = {
    ...people,
    'a contact without an account': { kind: 'contact', id: 'nobody', webRoles: ['Customer representative'] },
    'a contact with a null account': {
      kind: 'contact',
      id: 'nobody',
      accountId: null,
      legalEntity: null,
      webRoles: ['Customer representative', 'Authorized user'],
    },
    'a contact with an empty account': {
      kind: 'contact',
      id: 'nobody',
      accountId: '',
      legalEntity: '',
      webRoles: ['Customer representative'],
    },
    'a contact whose values look like SQL or operators': {
      kind: 'contact',
      id: '{"$ne":null}',
      accountId: "' OR '1'='1",
      legalEntity: 'usmf',
      webRoles: ['Customer representative', 'Authorized user'],
    },
    'a contact whose id is SQL': {
      kind: 'contact',
      id: "x' OR 1=1 --",
      accountId: 'X); DROP TABLE salesorder; --',
      legalEntity: 'usmf',
      webRoles: ['Customer representative', 'Authorized user'],
    },
  };

  for (const [name, principal] of Object.entries(principals)) {
    it(`${name}: every table lists exactly the rows can allows`, async () => {
      const ability = as(principal);
      for (const table of Object.keys(seedRows) as SeedTable[]) {
        const { sql, params } = accessibleWhere(ability, 'read', table, { dialect: db.dialect });
        const allowed = seedRows[table]
          .filter((row) => ability.can('read', subject(table, embedded(table, row))))
          .map((row) => row.id)
          .sort();
        expect({ table, ids: await db.ids(table, sql, params) }).toEqual({ table, ids: allowed });
      }
    });
  }

  it('a contact who must change her password lists no row of any table, her own contact row included', async () => {
    const everyRole = {
      ...people.admin,
      id: 'jane',
      webRoles: ['Administrator', 'Customer representative', 'Authorized user'],
    };
    const before = as(everyRole);
    const resetting = as({ ...everyRole, mustChangePassword: true });
    for (const table of Object.keys(seedRows) as SeedTable[]) {
      const open = accessibleWhere(before, 'read', table, { dialect: db.dialect });
      expect((await db.ids(table, open.sql, open.params)).length).toBeGreaterThan(0);
      const { sql, params } = accessibleWhere(resetting, 'read', table, { dialect: db.dialect });
      expect({ table, sql, params }).toEqual({
        table,
        sql: db.dialect === 'postgres' ? 'FALSE' : '0',
        params: [],
      });
      expect({ table, ids: await db.ids(table, sql, params) }).toEqual({ table, ids: [] });
    }
  });

  it('values that look like SQL or operators are bound verbatim and match only themselves', async () => {
    const ability = as(principals['a contact whose values look like SQL or operators']!);
    const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', { dialect: db.dialect });
    expect(params).toEqual(['{"$ne":null}', "' OR '1'='1", 'usmf']);
    expect(await db.ids('salesorder', sql, params)).toEqual(['SO-SQL']);
    expect(await db.query('SELECT "id" FROM "salesorder"')).toHaveLength(seedRows.salesorder.length);
  });

  it('the fragment composes with the host clauses, an alias and later placeholders', async () => {
    const ability = as({ ...people.rep, webRoles: ['Customer representative', 'Authorized user'] });
    const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', {
      dialect: db.dialect,
      alias: 'o',
      firstParameter: 2,
    });
    const host = db.dialect === 'postgres' ? '"o"."id" <> $1' : '"o"."id" <> ?';
    expect(await db.ids('salesorder', `${host} AND ${sql}`, ['SO-2', ...params], 'o')).toEqual(['', 'SO-1']);
  });
});

describe('accessibleWhere reads its options from own properties only (RELIABILITY 19)', () => {
  it('an inherited alias or mapping is not used, and inherited options name no dialect', () => {
    const jane = abilityFor(portal, people.jane);
    const plain = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const inherited = Object.assign(Object.create({ alias: 'o', mapping: { salesorder: { table: 'x' } } }), {
      dialect: 'postgres',
    });
    expect(accessibleWhere(jane, 'read', 'salesorder', inherited)).toEqual(plain);
    expect(() => accessibleWhere(jane, 'read', 'salesorder', Object.create({ dialect: 'postgres' }))).toThrow(
      expect.objectContaining({ code: 'unknown_dialect' }),
    );
  });
});
