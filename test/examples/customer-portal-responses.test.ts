import { abilityFor, pickPermitted, subject } from 'portal-permissions';
import { describe, expect, it } from 'vitest';
import {
  listReadableOrders,
  ORDER_PAGE_SIZE,
  pickColumns,
  readableOrderColumns,
} from '../../examples/customer-portal/orders.js';
import { portalPolicy } from '../../examples/customer-portal/policy.js';
import { loadContact, principalOf } from '../../examples/customer-portal/session.js';
import { freshIds, usePortalApp } from './portal-app.js';

// Every answer that carries an order passes through column security, and lists come in pages. Fresh ids per
// run, so the suite also runs on a shared PostgreSQL server (PORTAL_TEST_DATABASE_URL).
const { run } = freshIds();

const portal = usePortalApp();

const as = (contactId: string) => ({ cookie: `portal_contact=${contactId}` });

/** Every key at any depth of a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]);
}

type Listed = { orders: ({ id: string } & Record<string, unknown>)[]; nextCursor: string | null };

// Authorized users (Jane, Sam) may not read totals; representatives (Rita), Alex and Pat may.
const PERSONAS = [
  ['jane', false],
  ['sam', false],
  ['rita', true],
  ['admin', true],
  ['pat', true],
] as const;

describe('no response carries a column the viewer may not read', () => {
  for (const [persona, seesTotals] of PERSONAS) {
    it(`${persona}: the list, each order opened and a placed order ${seesTotals ? 'carry' : 'never carry'} totals`, async () => {
      const bodies: unknown[] = [];
      const listed = await portal.app.inject({ url: '/api/orders', headers: as(persona) });
      expect(listed.statusCode).toBe(200);
      bodies.push(listed.json());
      for (const order of (listed.json() as Listed).orders.slice(0, 5)) {
        const opened = await portal.app.inject({ url: `/api/orders/${order.id}`, headers: as(persona) });
        expect(opened.statusCode).toBe(200);
        bodies.push(opened.json());
      }
      const placed = await portal.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: as(persona),
        payload: {
          ...(persona === 'admin' ? { customerAccount: 'X' } : {}),
          lines: [{ item: 'Pen', quantity: 1 }],
        },
      });
      // Rita places no orders (403); everyone else's 201 is a response carrying an order.
      expect(placed.statusCode).toBe(persona === 'rita' ? 403 : 201);
      if (placed.statusCode === 201) bodies.push(placed.json());
      for (const body of bodies) {
        if (seesTotals) continue;
        expect(keysOf(body), JSON.stringify(body)).not.toContain('total');
      }
      // Non-vacuity: those allowed totals get them in the list.
      if (seesTotals) expect(keysOf(bodies[0])).toContain('total');
      else expect(keysOf(bodies[0])).toContain('orderedBy');
    });
  }

  it("the columns decided once per ability are the library's per-row answer (pickPermitted) for every listed order", async () => {
    for (const [persona] of PERSONAS) {
      const contact = await loadContact(portal.db, persona);
      const ability = abilityFor(portalPolicy, principalOf(contact));
      const columns = readableOrderColumns(ability);
      const { orders } = await listReadableOrders(portal.db, ability);
      expect(orders.length, persona).toBeGreaterThan(0);
      for (const order of orders) {
        expect(pickColumns(order, columns), `${persona} ${order.id}`).toEqual(
          pickPermitted(ability, 'read', subject('salesorder', { ...order })),
        );
      }
    }
  });
});

describe('order lists come in pages', () => {
  it(`a list longer than a page comes in pages of ${ORDER_PAGE_SIZE}, each order once, newest first`, async () => {
    const pager = `pager-${run}`;
    await portal.db.query(
      `INSERT INTO contact (id, name, account_id, legal_entity, web_roles) VALUES ($1, $1, 'X', 'usmf', $2)`,
      [pager, ['Authorized user']],
    );
    const count = ORDER_PAGE_SIZE * 2 + 7;
    // Half the orders share one instant: the cursor must break ties by id without losing or repeating rows.
    await portal.db.query(
      `INSERT INTO sales_order (id, customer_account, company, ordered_by, created_at)
       SELECT $1 || '-' || n, 'X', 'usmf', $3,
              CASE WHEN n % 2 = 0 THEN timestamptz '2026-01-01 00:00:00.123456+00'
                   ELSE timestamptz '2026-01-01 00:00:00+00' + n * interval '1 microsecond' END
       FROM generate_series(1, $2::int) AS n`,
      [`PG-${run}`, count, pager],
    );
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    do {
      const url: string = after === null ? '/api/orders' : `/api/orders?after=${encodeURIComponent(after)}`;
      const raw = await portal.app.inject({ url, headers: as(pager) });
      const page = raw.json() as Listed;
      sizes.push(page.orders.length);
      seen.push(...page.orders.map((order) => order.id));
      after = page.nextCursor;
    } while (after !== null && sizes.length < 10);
    expect(sizes).toEqual([ORDER_PAGE_SIZE, ORDER_PAGE_SIZE, 7]);
    expect(new Set(seen).size).toBe(count);
    const { rows } = await portal.db.query(
      'SELECT id FROM sales_order WHERE ordered_by = $1 ORDER BY created_at DESC, id DESC',
      [pager],
    );
    expect(seen).toEqual(rows.map((row) => String(row.id)));
  });

  it('a cursor the portal did not give answers 400 naming after', async () => {
    const forged = Buffer.from(JSON.stringify(["2026-01-01'; DROP TABLE x; --", 'SO-1'])).toString(
      'base64url',
    );
    for (const after of ['nonsense', forged, Buffer.from('[1,2]').toString('base64url')]) {
      const response = await portal.app.inject({ url: `/api/orders?after=${after}`, headers: as('jane') });
      expect(response.statusCode, after).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_input', field: 'after' });
    }
  });

  it('the columns decided once per ability follow an update of its rules: none once it reads no order', async () => {
    const ability = abilityFor(portalPolicy, principalOf(await loadContact(portal.db, 'rita')));
    // Non-vacuity: a representative reads the totals before the update.
    expect(readableOrderColumns(ability).has('total')).toBe(true);
    expect(readableOrderColumns(ability)).toBe(readableOrderColumns(ability));
    ability.update(ability.rules.filter((rule) => rule.subject !== 'salesorder'));
    expect([...readableOrderColumns(ability)]).toEqual([]);
  });
});
