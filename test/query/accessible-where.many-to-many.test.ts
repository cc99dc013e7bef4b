import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  isPortalPermissionsError,
  type Principal,
  subject,
} from '../../src/index.js';
import { conditionWhere } from '../../src/query/condition-where.js';
import { manyToManyPortal, members } from '../fixtures/many-to-many.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

const as = (principal: Principal) => abilityFor(manyToManyPortal, principal);

describe('the SQL filter of a many-to-many scope', () => {
  it('a contact scope is an EXISTS over the intersect table with the contact id bound', () => {
    expect(accessibleWhere(as(members.jane), 'read', 'case', { dialect: 'postgres' })).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "case_contact" AS l1 WHERE l1."caseid" = "case"."id" AND l1."contactid" = $1)',
      params: ['jane'],
    });
  });

  it('an account scope links the account number and compares the legal entity (D4)', () => {
    const { sql, params } = accessibleWhere(as(members.ray), 'read', 'case', {
      dialect: 'sqlite',
      alias: 'c',
    });
    expect(sql).toBe(
      '("c"."id" IN (SELECT l1."caseid" FROM "case_account" AS l1 WHERE l1."accountnumber" = ?) AND "c"."company" = ?)',
    );
    expect(params).toEqual(['X', 'usmf']);
  });

  it('a child permission under a many-to-many parent links the parent row of its EXISTS', () => {
    const { sql } = accessibleWhere(as(members.jane), 'read', 'task', { dialect: 'postgres' });
    expect(sql).toBe(
      'EXISTS (SELECT 1 FROM "project" AS p1 WHERE p1."projectid" = "task"."projectId" AND p1."projectid" <> \'\' AND EXISTS (SELECT 1 FROM "project_contact" AS l2 WHERE l2."projectid" = p1."projectid" AND l2."contactid" = $1))',
    );
  });

  it('a linked condition naming a relationship the table does not declare is an error with its path', () => {
    const condition = {
      operator: 'linked',
      field: 'contactIds',
      value: { relationship: 'case_contacts', id: 'jane' },
    } as const;
    try {
      conditionWhere(manyToManyPortal, 'case', condition, { dialect: 'postgres' });
      expect.unreachable();
    } catch (error) {
      expect(isPortalPermissionsError(error) && error.code).toBe('unknown_relationship');
      expect((error as Error).message).toContain('tables.case.manyToMany');
      expect(error).toMatchObject({ path: ['tables', 'case', 'manyToMany', 'case_contacts'] });
      expect((error as Error).message).toContain('"case_contacts"');
    }
  });
});

const tables: TestTable[] = [
  { name: 'case', columns: ['id', 'company'] },
  { name: 'case_contact', columns: ['caseid', 'contactid'] },
  { name: 'case_account', columns: ['caseid', 'accountnumber'] },
];

// Each case in memory lists what its intersect rows hold; the SQL filter and `can` must pick the same ones.
const cases = [
  { id: 'C1', company: 'usmf', contactIds: ['jane', 'sam'], accountNumbers: ['X'] },
  { id: 'C2', company: 'usmf', contactIds: ['sam'], accountNumbers: ['Y', 'X'] },
  { id: 'C3', company: 'demf', contactIds: [], accountNumbers: ['X'] },
  { id: 'C4', company: 'usmf', contactIds: ["jane' OR '1'='1", ''], accountNumbers: [] },
];

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('many-to-many filters in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(tables);
    await db.insert(tables[0]!, cases);
    await db.insert(
      tables[1]!,
      cases.flatMap((row) => row.contactIds.map((contactid) => ({ caseid: row.id, contactid }))),
    );
    await db.insert(
      tables[2]!,
      cases.flatMap((row) => row.accountNumbers.map((accountnumber) => ({ caseid: row.id, accountnumber }))),
    );
  }, 120_000);
  afterAll(() => db?.close());

  it.each([
    ['jane', members.jane, ['C1']],
    ['sam', { ...members.jane, id: 'sam' }, ['C1', 'C2']],
    ['ray', members.ray, ['C1', 'C2']],
  ] as const)(
    '%s lists exactly the cases linked to them, as can() decides',
    async (_, principal, expected) => {
      const ability = as(principal);
      const { sql, params } = accessibleWhere(ability, 'read', 'case', { dialect: db.dialect });
      expect(await db.ids('case', sql, params)).toEqual(expected);
      const inMemory = cases.filter((row) => ability.can('read', subject('case', row))).map((row) => row.id);
      expect(inMemory).toEqual(expected);
    },
  );
});
