import { describe, expect, it } from 'vitest';
import type { Database, Row } from '../../examples/customer-portal/db/database.js';
import { usePortalApp } from './portal-app.js';

/** The database, with every statement the portal sends it written down. */
function recorded(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const wrapped: Database = {
    kind: db.kind,
    query: <TRow extends Row = Row>(sql: string, params?: readonly unknown[]) => {
      statements.push(sql);
      return db.query<TRow>(sql, params);
    },
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  };
  return { db: wrapped, statements };
}

const jane = { cookie: 'portal_contact=jane' };
const twelveLines = {
  lines: Array.from({ length: 12 }, (_, index) => ({ item: `Item ${index + 1}`, quantity: index + 1 })),
};

describe('placing an order answers it without reading it back', () => {
  let statements: string[] = [];
  const portal = usePortalApp({
    storePool: true,
    wrap: (db) => {
      const wrapped = recorded(db);
      statements = wrapped.statements;
      return wrapped.db;
    },
  });
  const post = (payload: object) =>
    portal.app.inject({ method: 'POST', url: '/api/orders', headers: jane, payload });

  it('answers a placed order byte for byte as opening it does, its twelve lines in the same order', async () => {
    const placed = await post(twelveLines);
    expect(placed.statusCode).toBe(201);
    const { order } = placed.json() as { order: { id: string; lines: { item: string }[] } };
    expect(order.lines).toHaveLength(12);
    const opened = await portal.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: jane });
    expect(opened.statusCode).toBe(200);
    expect(placed.body).toBe(opened.body);
  });

  it('sends no query for the new order or its lines after the statement that writes them', async () => {
    statements.length = 0;
    const placed = await post({ lines: [{ item: 'Stapler', quantity: 2 }] });
    expect(placed.statusCode).toBe(201);
    const write = statements.findIndex((sql) => sql.includes('INSERT INTO sales_order '));
    expect(write).toBeGreaterThanOrEqual(0);
    const after = statements.slice(write + 1);
    expect(after.filter((sql) => /FROM sales_order(_line)?\b/.test(sql))).toEqual([]);
  });

  it('answers a refused order with nothing written', async () => {
    statements.length = 0;
    const refused = await post({ customerAccount: 'Y', lines: [{ item: 'Stapler', quantity: 2 }] });
    expect(refused.statusCode).toBe(403);
    expect(statements.filter((sql) => sql.includes('INSERT'))).toEqual([]);
  });
});
