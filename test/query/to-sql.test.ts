import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Condition, definePolicy } from '../../src/index.js';
import { conditionWhere } from '../../src/query/condition-where.js';
import { createPostgres, createSqlite, type TestDatabase } from './databases.js';
import { treePolicy } from './trees.js';

const sharedWith = (principals: string[], privilege = 'read'): Condition => ({
  operator: 'shared',
  field: 'shares',
  value: { principals, privilege },
});

describe('node kinds internal users need', () => {
  it('an in node is ONE array parameter on postgres', () => {
    const where = conditionWhere(
      treePolicy,
      't',
      { operator: 'in', field: 'a', value: ['x', 'y'] },
      { dialect: 'postgres' },
    );
    expect(where).toEqual({ sql: '"t"."a" = ANY($1::text[])', params: [['x', 'y']] });
  });

  it('an in node is ONE JSON parameter on sqlite', () => {
    const where = conditionWhere(
      treePolicy,
      't',
      { operator: 'in', field: 'a', value: ['x', "y'z"] },
      { dialect: 'sqlite' },
    );
    expect(where).toEqual({
      sql: '"t"."a" IN (SELECT value FROM json_each(?))',
      params: ['["x","y\'z"]'],
    });
  });

  it('a shared node is an EXISTS over the declared share table on postgres, an uncorrelated IN on sqlite', () => {
    expect(conditionWhere(treePolicy, 't', sharedWith(['u1', 'team']), { dialect: 'postgres' })).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "t_share" AS s1 WHERE s1."record" = "t"."id" AND s1."principal" = ANY($1::text[]) AND s1."privilege" = $2)',
      params: [['u1', 'team'], 'read'],
    });
    expect(conditionWhere(treePolicy, 't', sharedWith(['u1']), { dialect: 'sqlite', alias: 'r' })).toEqual({
      sql: '"r"."id" IN (SELECT s1."record" FROM "t_share" AS s1 WHERE s1."principal" IN (SELECT value FROM json_each(?)) AND s1."privilege" = ?)',
      params: ['["u1"]', 'read'],
    });
  });

  it('share table columns can be mapped', () => {
    const where = conditionWhere(treePolicy, 't', sharedWith(['u1'], 'write'), {
      dialect: 'postgres',
      mapping: {
        t: {
          table: 'tasks',
          columns: { id: 'task_id' },
          shares: { table: 'poa', record: 'object_id', principal: 'principal_id', privilege: 'access_right' },
        },
      },
    });
    expect(where.sql).toBe(
      'EXISTS (SELECT 1 FROM "poa" AS s1 WHERE s1."object_id" = "tasks"."task_id" AND s1."principal_id" = ANY($1::text[]) AND s1."access_right" = $2)',
    );
  });

  it('a shared node inside a parent node joins the parent level share table, uncorrelated (computed once per query)', () => {
    const condition: Condition = {
      operator: 'parent',
      field: 'pid',
      value: { table: 'p', key: 'id', condition: sharedWith(['u2']) },
    };
    expect(conditionWhere(treePolicy, 't', condition, { dialect: 'postgres', firstParameter: 3 }).sql).toBe(
      '"t"."pid" IN (SELECT p1."id" FROM "p" AS p1 WHERE p1."id" <> \'\' AND EXISTS (SELECT 1 FROM "p_share" AS s2 WHERE s2."record" = p1."id" AND s2."principal" = ANY($3::text[]) AND s2."privilege" = $4))',
    );
  });

  it('empty junctions are the dialect literals', () => {
    const empty: Condition = {
      operator: 'or',
      value: [
        { operator: 'and', value: [] },
        { operator: 'or', value: [] },
      ],
    };
    expect(conditionWhere(treePolicy, 'g', empty, { dialect: 'postgres' }).sql).toBe('(TRUE OR FALSE)');
    expect(conditionWhere(treePolicy, 'g', empty, { dialect: 'sqlite' }).sql).toBe('(1 OR 0)');
  });

  it('a shared node on a table without a share table is an error naming the fix', () => {
    const policy = definePolicy({ tables: { account: { shares: 'shares' } } });
    expect(() =>
      conditionWhere(policy, 'account', sharedWith(['u1']), { dialect: 'postgres' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[PortalPermissionsError: table "account" has record shares but declares no share table; add tables.account.sql.shares ({ table, record, principal, privilege }) or pass it in the mapping]`,
    );
  });

  it('an operator without an SQL form is an error, never a silently dropped condition', () => {
    const inverted = {
      operator: 'not',
      value: [{ operator: 'eq', field: 'a', value: 'x' }],
    } as unknown as Condition;
    expect(() => conditionWhere(treePolicy, 't', inverted, { dialect: 'postgres' })).toThrow(
      expect.objectContaining({ code: 'unsupported_condition' }),
    );
    const inherited = { operator: 'toString', field: 'a', value: 'x' } as unknown as Condition;
    expect(() => conditionWhere(treePolicy, 't', inherited, { dialect: 'sqlite' })).toThrow(
      expect.objectContaining({ code: 'unsupported_condition' }),
    );
  });
});

describe('parent chains and their errors', () => {
  const parent = (field: string, table: string, condition?: Condition): Condition => ({
    operator: 'parent',
    field,
    value: condition ? { table, key: 'id', condition } : { table, key: 'id' },
  });

  it('a parent chain whose last link asks nothing of its row only asks that each row exists', () => {
    expect(
      conditionWhere(treePolicy, 't', parent('pid', 'p', parent('gid', 'g')), { dialect: 'postgres' }),
    ).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "p" AS p1 WHERE p1."id" = "t"."pid" AND p1."id" <> \'\' AND EXISTS (SELECT 1 FROM "g" AS p2 WHERE p2."id" = p1."gid" AND p2."id" <> \'\'))',
      params: [],
    });
    expect(
      conditionWhere(treePolicy, 't', parent('pid', 'p', parent('gid', 'g')), { dialect: 'sqlite' }),
    ).toEqual({
      sql: '"t"."pid" IN (SELECT p1."id" FROM "p" AS p1 WHERE p1."id" <> \'\' AND p1."gid" IN (SELECT p2."id" FROM "g" AS p2 WHERE p2."id" <> \'\'))',
      params: [],
    });
  });

  it('a share of a grandparent is asked uncorrelated at every level (computed once per query, not once per row)', () => {
    const { sql } = conditionWhere(
      treePolicy,
      't',
      parent('pid', 'p', parent('gid', 'g', sharedWith(['u1']))),
      {
        dialect: 'postgres',
      },
    );
    expect(sql).toContain('"t"."pid" IN (SELECT p1."id" FROM "p" AS p1 WHERE');
    expect(sql).toContain('p1."gid" IN (SELECT p2."id" FROM "g" AS p2 WHERE');
    expect(sql).not.toMatch(/EXISTS \(SELECT 1 FROM "[pg]"/);
  });

  it('a shared node on a table without a share table is refused at the path of the missing declaration', () => {
    const policy = definePolicy({ tables: { account: { shares: 'shares' } } });
    expect(() => conditionWhere(policy, 'account', sharedWith(['u1']), { dialect: 'sqlite' })).toThrow(
      expect.objectContaining({ code: 'missing_share_table', path: ['tables', 'account', 'sql', 'shares'] }),
    );
  });

  it('an operator without an SQL form is refused naming the operator', () => {
    const inverted = { operator: 'not', value: [] } as unknown as Condition;
    expect(() => conditionWhere(treePolicy, 't', inverted, { dialect: 'postgres' })).toThrow(
      /operator "not"/,
    );
  });
});

const BUSINESS_UNITS = 100_000;

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('a business-unit subtree of %s ids', (_, create) => {
  let db: TestDatabase;
  const table = { name: 't', columns: ['id', 'a'] };
  beforeAll(async () => {
    db = await create();
    await db.create([table]);
    await db.insert(table, [
      { id: 'first', a: 'bu0' },
      { id: 'last', a: `bu${BUSINESS_UNITS - 1}` },
      { id: 'outside', a: `bu${BUSINESS_UNITS}` },
      { id: 'none', a: null },
    ]);
  }, 30_000);
  afterAll(() => db?.close());

  it(`${BUSINESS_UNITS.toLocaleString('en')} business-unit ids are one parameter and select exactly their rows`, async () => {
    const ids = Array.from({ length: BUSINESS_UNITS }, (_, index) => `bu${index}`);
    const where = conditionWhere(
      treePolicy,
      't',
      { operator: 'in', field: 'a', value: ids },
      { dialect: db.dialect },
    );
    expect(where.params).toHaveLength(1);
    expect(await db.ids('t', where.sql, where.params)).toEqual(['first', 'last']);
  });
});
