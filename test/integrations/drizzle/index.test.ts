import type { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilityFor, isPortalPermissionsError } from '../../../src/index.js';
import { whereAccessible } from '../../../src/integrations/drizzle/index.js';
import { customerPortal, people } from '../../fixtures/customer-portal.js';
import { freshPglite } from '../../fixtures/pglite.js';

/** The host's Drizzle schema: policy field names as properties, snake_case in SQL. */
const salesOrders = pgTable('sales_order', {
  id: text('id'),
  orderedBy: text('ordered_by'),
  customerAccount: text('customer_account'),
  company: text('company'),
  status: text('status'),
});
const salesOrderLines = pgTable('sales_order_line', { id: text('id'), salesOrderId: text('sales_order_id') });
const tables = { salesorder: salesOrders, salesorderline: salesOrderLines };

const SCHEMA = `
  CREATE TABLE sales_order (id text, ordered_by text, customer_account text, company text, status text);
  CREATE TABLE sales_order_line (id text, sales_order_id text);
  INSERT INTO sales_order VALUES ('SO-1', 'jane', 'X', 'usmf', 'open'), ('SO-2', 'sam', 'X', 'usmf', 'open'),
    ('SO-3', 'jane', 'X', 'usmf', 'closed'), ('SO-4', '', 'Y', 'usmf', 'open');
  INSERT INTO sales_order_line VALUES ('L1', 'SO-1'), ('L2', 'SO-2'), ('L3', 'SO-3'), ('L4', ''), ('L5', NULL);
`;

const jane = abilityFor(customerPortal, people.jane);

describe('whereAccessible for Drizzle', () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = freshPglite();
    await pglite.exec(SCHEMA);
  }, 30_000);
  afterAll(() => pglite?.close());

  it('names the columns as the Drizzle table defines them and binds every value', () => {
    const query = new PgDialect().sqlToQuery(whereAccessible(jane, 'read', 'salesorderline', tables));
    expect(query.sql).toBe(
      `EXISTS (SELECT 1 FROM "sales_order" AS p1 WHERE p1."id" = "sales_order_line"."sales_order_id" AND p1."id" <> '' AND p1."ordered_by" = $1)`,
    );
    expect(query.params).toEqual(['jane']);
  });

  it("lists on PGlite only Jane's open orders and the lines of her orders", async () => {
    const db = drizzle({ client: pglite });
    const orders = await db
      .select({ id: salesOrders.id })
      .from(salesOrders)
      .where(and(eq(salesOrders.status, 'open'), whereAccessible(jane, 'read', 'salesorder', tables)));
    expect(orders).toEqual([{ id: 'SO-1' }]);
    const lines = await db
      .select({ id: salesOrderLines.id })
      .from(salesOrderLines)
      .where(whereAccessible(jane, 'read', 'salesorderline', tables))
      .orderBy(salesOrderLines.id);
    expect(lines).toEqual([{ id: 'L1' }, { id: 'L3' }]);
  });

  it('lists through drizzle-orm/better-sqlite3 with the SQLite form of the same filter', async () => {
    const sqlite = new Database(':memory:');
    try {
      sqlite.exec(SCHEMA);
      const orders = sqliteTable('sales_order', {
        id: sqliteText('id'),
        orderedBy: sqliteText('ordered_by'),
      });
      const lines = sqliteTable('sales_order_line', {
        id: sqliteText('id'),
        salesOrderId: sqliteText('sales_order_id'),
      });
      const rows = drizzleSqlite({ client: sqlite })
        .select({ id: lines.id })
        .from(lines)
        .where(whereAccessible(jane, 'read', 'salesorderline', { salesorder: orders, salesorderline: lines }))
        .orderBy(lines.id)
        .all();
      expect(rows).toEqual([{ id: 'L1' }, { id: 'L3' }]);
    } finally {
      sqlite.close();
    }
  });

  const codeOf = (attempt: () => unknown): string | undefined => {
    try {
      attempt();
    } catch (error) {
      return isPortalPermissionsError(error) ? error.code : 'not a library error';
    }
    return undefined;
  };

  it('refuses a filter on a table the Drizzle tables do not include', () => {
    expect(codeOf(() => whereAccessible(jane, 'read', 'salesorderline', { salesorder: salesOrders }))).toBe(
      'unknown_table',
    );
  });

  it('refuses something that is not a Drizzle table, and tables of two databases', () => {
    const fake = { salesorder: { id: 'x' } } as never;
    expect(codeOf(() => whereAccessible(jane, 'read', 'salesorder', fake))).toBe('unknown_dialect');
    const sqliteLines = sqliteTable('sales_order_line', { id: sqliteText('id') });
    expect(
      codeOf(() =>
        whereAccessible(jane, 'read', 'salesorder', { salesorder: salesOrders, salesorderline: sqliteLines }),
      ),
    ).toBe('mixed_dialects');
  });

  it('ignores a Drizzle table planted on the prototype of the tables object', () => {
    const polluted = Object.create({ salesorder: salesOrders }) as typeof tables;
    expect(codeOf(() => whereAccessible(jane, 'read', 'salesorder', polluted))).toBe('unknown_table');
  });
});
