import type { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilityFor, accessibleWhere, isPortalPermissionsError } from '../../../src/index.js';
import { whereAccessible } from '../../../src/integrations/kysely/index.js';
import { customerPortal, people } from '../../fixtures/customer-portal.js';
import { freshPglite } from '../../fixtures/pglite.js';
import { type AnyDatabase, kyselyOnPglite, kyselyOnSqlite } from '../builders.js';

/** The host's snake_case schema, mapped as `accessibleWhere` maps it. */
const mapping = {
  salesorder: {
    table: 'sales_order',
    columns: { orderedBy: 'ordered_by', customerAccount: 'customer_account' },
  },
  salesorderline: { table: 'sales_order_line', columns: { salesOrderId: 'sales_order_id' } },
};

const SCHEMA = `
  CREATE TABLE sales_order (id text, ordered_by text, customer_account text, company text, status text);
  CREATE TABLE sales_order_line (id text, sales_order_id text);
  INSERT INTO sales_order VALUES ('SO-1', 'jane', 'X', 'usmf', 'open'), ('SO-2', 'sam', 'X', 'usmf', 'open'),
    ('SO-3', 'jane', 'X', 'usmf', 'closed'), ('SO-4', '', 'Y', 'usmf', 'open');
  INSERT INTO sales_order_line VALUES ('L1', 'SO-1'), ('L2', 'SO-2'), ('L3', 'SO-3'), ('L4', ''), ('L5', NULL);
`;

const jane = abilityFor(customerPortal, people.jane);

describe('whereAccessible for Kysely', () => {
  let pglite: PGlite;
  let db: Kysely<AnyDatabase>;
  beforeAll(async () => {
    pglite = freshPglite();
    await pglite.exec(SCHEMA);
    db = kyselyOnPglite(pglite);
  }, 30_000);
  afterAll(() => pglite?.close());

  it('writes the SQL accessibleWhere writes, mapped names included, with the values bound by Kysely', () => {
    const compiled = db
      .selectFrom('sales_order_line')
      .select('id')
      .where(whereAccessible(jane, 'read', 'salesorderline', { dialect: 'postgres', mapping }))
      .compile();
    const reference = accessibleWhere(jane, 'read', 'salesorderline', { dialect: 'postgres', mapping });
    expect(compiled.sql).toBe(`select "id" from "sales_order_line" where ${reference.sql}`);
    expect(compiled.parameters).toEqual(reference.params);
  });

  it("numbers its placeholders after the host's own conditions", () => {
    const compiled = db
      .selectFrom('sales_order')
      .select('id')
      .where('status', '=', 'open')
      .where(whereAccessible(jane, 'read', 'salesorder', { dialect: 'postgres', mapping }))
      .compile();
    expect(compiled.sql).toBe(
      'select "id" from "sales_order" where "status" = $1 and "sales_order"."ordered_by" = $2',
    );
    expect(compiled.parameters).toEqual(['open', 'jane']);
  });

  it('keeps a hostile principal id out of the SQL text', () => {
    const hostile = abilityFor(customerPortal, { ...people.jane, id: `jane' OR 1=1 --` });
    const compiled = db
      .selectFrom('sales_order')
      .select('id')
      .where(whereAccessible(hostile, 'read', 'salesorder', { dialect: 'postgres', mapping }))
      .compile();
    expect(compiled.sql).not.toContain('OR 1=1');
    expect(compiled.parameters).toEqual([`jane' OR 1=1 --`]);
  });

  it("lists on PostgreSQL only Jane's open orders and the lines of her orders, under an alias", async () => {
    const orders = await db
      .selectFrom('sales_order as o')
      .select('o.id')
      .where('o.status', '=', 'open')
      .where(whereAccessible(jane, 'read', 'salesorder', { dialect: 'postgres', mapping, alias: 'o' }))
      .execute();
    expect(orders.map((row) => row.id)).toEqual(['SO-1']);
    const lines = await db
      .selectFrom('sales_order_line')
      .select('id')
      .where(whereAccessible(jane, 'read', 'salesorderline', { dialect: 'postgres', mapping }))
      .orderBy('id')
      .execute();
    expect(lines.map((row) => row.id)).toEqual(['L1', 'L3']);
  });

  it('lists nothing for a principal without a grant, and everything for a global one', async () => {
    const count = async (principal: typeof people.may | typeof people.admin) =>
      (
        await db
          .selectFrom('sales_order')
          .select('id')
          .where(
            whereAccessible(abilityFor(customerPortal, principal), 'read', 'salesorder', {
              dialect: 'postgres',
              mapping,
            }),
          )
          .execute()
      ).length;
    expect(await count(people.may)).toBe(0);
    expect(await count(people.admin)).toBe(4);
  });

  it('refuses an unknown dialect with the error accessibleWhere gives', () => {
    const attempt = () =>
      whereAccessible(jane, 'read', 'salesorder', { dialect: 'mysql' as 'postgres', mapping });
    expect(attempt).toThrow(/SQL dialect "mysql" is not supported/);
    try {
      attempt();
    } catch (error) {
      expect(isPortalPermissionsError(error) && error.code).toBe('unknown_dialect');
    }
  });
});

describe('whereAccessible for Kysely on SQLite', () => {
  it("lists the lines of Jane's orders through Kysely's SQLite dialect", async () => {
    const sqlite = new Database(':memory:');
    try {
      sqlite.exec(SCHEMA);
      const db = kyselyOnSqlite(sqlite);
      const lines = await db
        .selectFrom('sales_order_line')
        .select('id')
        .where(whereAccessible(jane, 'read', 'salesorderline', { dialect: 'sqlite', mapping }))
        .orderBy('id')
        .execute();
      expect(lines.map((row) => row.id)).toEqual(['L1', 'L3']);
    } finally {
      sqlite.close();
    }
  });
});
