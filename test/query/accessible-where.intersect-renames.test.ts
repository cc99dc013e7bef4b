import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleWhere,
  definePolicy,
  type PolicyInput,
  PolicyValidationError,
  subject,
} from '../../src/index.js';
import { manyToManyInput, manyToManyPortal, members } from '../fixtures/many-to-many.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

const jane = abilityFor(manyToManyPortal, members.jane);
const renamed = {
  case: {
    table: 'cases',
    manyToMany: {
      case_contact: { intersect: 'case_contacts', recordColumn: 'case_id', relatedColumn: 'contact_id' },
    },
  },
};

function errorOf(run: () => unknown): { code?: unknown; path?: unknown; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: unknown; path?: unknown; message: string };
  }
  throw new Error('expected an error');
}

describe("a SQL mapping renames a many-to-many relationship's intersect table and columns", () => {
  it('the EXISTS reads the renamed intersect table and columns', () => {
    expect(accessibleWhere(jane, 'read', 'case', { dialect: 'postgres', mapping: renamed })).toEqual({
      sql: 'EXISTS (SELECT 1 FROM "case_contacts" AS l1 WHERE l1."case_id" = "cases"."id" AND l1."contact_id" = $1)',
      params: ['jane'],
    });
  });

  it('a rename of one name keeps the declaration for the others, and other relationships are untouched', () => {
    const { sql } = accessibleWhere(jane, 'read', 'case', {
      dialect: 'postgres',
      mapping: { case: { manyToMany: { case_contact: { relatedColumn: 'contact_id' } } } },
    });
    expect(sql).toBe(
      'EXISTS (SELECT 1 FROM "case_contact" AS l1 WHERE l1."caseid" = "case"."id" AND l1."contact_id" = $1)',
    );
    const ray = abilityFor(manyToManyPortal, members.ray);
    expect(accessibleWhere(ray, 'read', 'case', { dialect: 'postgres', mapping: renamed }).sql).toContain(
      'FROM "case_account" AS l1 WHERE l1."caseid" = "cases"."id"',
    );
  });

  it("the table's own sql declaration renames it too, and a mapping overrides it name by name", () => {
    const input = {
      ...manyToManyInput,
      tables: {
        ...manyToManyInput.tables,
        case: {
          ...manyToManyInput.tables.case,
          sql: { manyToMany: { case_contact: { intersect: 'case_links', recordColumn: 'case_ref' } } },
        },
      },
    } satisfies PolicyInput;
    const ability = abilityFor(definePolicy(input), members.jane);
    expect(accessibleWhere(ability, 'read', 'case', { dialect: 'sqlite' }).sql).toBe(
      '"case"."id" IN (SELECT l1."case_ref" FROM "case_links" AS l1 WHERE l1."contactid" = ?)',
    );
    const mapping = { case: { manyToMany: { case_contact: { intersect: 'case_contacts' } } } };
    expect(accessibleWhere(ability, 'read', 'case', { dialect: 'sqlite', mapping }).sql).toBe(
      '"case"."id" IN (SELECT l1."case_ref" FROM "case_contacts" AS l1 WHERE l1."contactid" = ?)',
    );
  });

  it('a child permission under a many-to-many parent reads the renamed intersect of the parent table', () => {
    const mapping = { project: { manyToMany: { project_contact: { intersect: 'members' } } } };
    expect(accessibleWhere(jane, 'read', 'task', { dialect: 'postgres', mapping }).sql).toContain(
      'EXISTS (SELECT 1 FROM "members" AS l2 WHERE l2."projectid" = p1."projectid"',
    );
  });
});

describe('a rename that would never be read is refused, with its path and a hint', () => {
  it('a relationship the table does not declare', () => {
    const error = errorOf(() =>
      accessibleWhere(jane, 'read', 'case', {
        dialect: 'postgres',
        mapping: { case: { manyToMany: { case_contacts: { intersect: 'x' } } } },
      }),
    );
    expect(error).toMatchObject({
      code: 'unknown_relationship',
      path: ['mapping', 'case', 'manyToMany', 'case_contacts'],
    });
    expect(error.message).toContain('did you mean "case_contact"?');
  });

  it('a name the intersect does not have', () => {
    const error = errorOf(() =>
      accessibleWhere(jane, 'read', 'case', {
        dialect: 'postgres',
        mapping: { case: { manyToMany: { case_contact: { relatedColum: 'x' } as never } } },
      }),
    );
    expect(error).toMatchObject({
      code: 'invalid_sql_mapping',
      path: ['mapping', 'case', 'manyToMany', 'case_contact', 'relatedColum'],
    });
    expect(error.message).toContain('did you mean "relatedColumn"?');
  });

  it('a name that is not a plain SQL identifier', () => {
    expect(
      errorOf(() =>
        accessibleWhere(jane, 'read', 'case', {
          dialect: 'postgres',
          mapping: { case: { manyToMany: { case_contact: { intersect: 'links"; DROP TABLE x; --' } } } },
        }),
      ),
    ).toMatchObject({
      code: 'invalid_sql_identifier',
      path: ['mapping', 'case', 'manyToMany', 'case_contact', 'intersect'],
    });
  });

  it("in the policy, a rename under a table's sql for a relationship it does not declare", () => {
    const input = {
      ...manyToManyInput,
      tables: {
        ...manyToManyInput.tables,
        case: { ...manyToManyInput.tables.case, sql: { manyToMany: { case_contacts: { intersect: 'x' } } } },
      },
    };
    const error = errorOf(() => definePolicy(input));
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as PolicyValidationError).issues).toEqual([
      expect.objectContaining({
        code: 'unknown_relationship',
        path: ['tables', 'case', 'sql', 'manyToMany', 'case_contacts'],
        message: expect.stringContaining('did you mean "case_contact"?'),
      }),
    ]);
  });

  it('a polluted Object.prototype renames no intersect table (RELIABILITY 19)', () => {
    Object.defineProperty(Object.prototype, 'case_contact', {
      value: { intersect: 'everything' },
      configurable: true,
      writable: true,
    });
    try {
      const mapping = { case: { manyToMany: {} } };
      expect(accessibleWhere(jane, 'read', 'case', { dialect: 'postgres', mapping }).sql).toContain(
        'FROM "case_contact" AS l1',
      );
    } finally {
      delete (Object.prototype as Record<string, unknown>).case_contact;
    }
  });
});

const tables: TestTable[] = [
  { name: 'cases', columns: ['id', 'company'] },
  { name: 'case_contacts', columns: ['case_id', 'contact_id'] },
];
const cases = [
  { id: 'C1', company: 'usmf', contactIds: ['jane', 'sam'] },
  { id: 'C2', company: 'usmf', contactIds: ['sam'] },
  { id: 'C3', company: 'demf', contactIds: ['jane'] },
];

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('renamed intersect tables in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(tables);
    await db.insert(tables[0]!, cases);
    await db.insert(
      tables[1]!,
      cases.flatMap((row) => row.contactIds.map((contactId) => ({ case_id: row.id, contact_id: contactId }))),
    );
  }, 120_000);
  afterAll(() => db?.close());

  it('the renamed filter lists the rows can() allows', async () => {
    const { sql, params } = accessibleWhere(jane, 'read', 'case', { dialect: db.dialect, mapping: renamed });
    expect(await db.ids('cases', sql, params)).toEqual(['C1', 'C3']);
    expect(cases.filter((row) => jane.can('read', subject('case', row))).map((row) => row.id)).toEqual([
      'C1',
      'C3',
    ]);
  });
});
