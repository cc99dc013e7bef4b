import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../examples/customer-portal/db/database.js';
import { registerTwinOrderRoutes } from '../../examples/customer-portal/twin.js';
import { usePortalApp } from './portal-app.js';

// The hand-written twin of the three order routes (the server benchmark's baseline) answers byte for byte as
// the library-backed routes do, on the same server, database and seed.
const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;

// The statements the routes run, the policy store's own polling aside (it shares the database on PGlite).
const statements: string[] = [];
const policyTable = process.env.PORTAL_POLICY_TABLE || 'portal_policy_versions';
function recording(inner: Database): Database {
  const query = ((sql: string, params?: readonly unknown[]) => {
    if (!sql.includes(policyTable)) statements.push(sql);
    return inner.query(sql, params);
  }) as Database['query'];
  return {
    kind: inner.kind,
    query,
    transaction: (work) => inner.transaction(work),
    close: () => inner.close(),
  };
}

const portal = usePortalApp({
  wrap: recording,
  prepare: async ({ app, db }) => {
    registerTwinOrderRoutes(app, db);
    // A follower link (in the file's own database only): Sam reads SO-1 through "Orders I follow".
    if (onPglite)
      await db.query(`INSERT INTO sales_order_follower VALUES ('SO-1', 'sam') ON CONFLICT DO NOTHING`);
  },
});

const PERSONAS = ['admin', 'rita', 'jane', 'sam', 'may', undefined] as const;

async function both(persona: string | undefined, options: InjectOptions) {
  const headers = persona ? { cookie: `portal_contact=${persona}` } : {};
  const library = await portal.app.inject({ ...options, headers });
  const twin = await portal.app.inject({ ...options, url: `/twin${options.url as string}`, headers });
  return { library, twin };
}

// A placed order gets the next number and a new timestamp: the only bytes two placements may differ in.
const placedNormalized = (body: string) =>
  body.replace(/SO-\d+/g, 'SO-n').replace(/"createdAt":"[^"]+"/g, '"createdAt":"t"');

describe('the twin of the order routes answers as the library-backed routes, byte for byte', () => {
  it('lists and opens orders for every persona, readable or not', async () => {
    let pairs = 0;
    for (const persona of PERSONAS) {
      const list = await both(persona, { url: '/api/orders' });
      // On a shared server a long list runs past the twin's one page: compared only when it fits.
      if ((list.library.json() as { nextCursor: unknown }).nextCursor === null) {
        expect(list.twin.statusCode, String(persona)).toBe(list.library.statusCode);
        expect(list.twin.body, String(persona)).toBe(list.library.body);
        pairs += 1;
      }
      for (const id of ['SO-1', 'SO-2', 'SO-3', 'SO-999']) {
        const one = await both(persona, { url: `/api/orders/${id}` });
        expect(one.twin.statusCode, `${persona} ${id}`).toBe(one.library.statusCode);
        expect(one.twin.body, `${persona} ${id}`).toBe(one.library.body);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(24);
  });

  it('places orders, and refuses them, with the same answers', async () => {
    const bodies = [
      { lines: [{ item: 'Stapler', quantity: 2 }] },
      { customerAccount: 'Y', lines: [{ item: 'Stapler', quantity: 1 }] },
      { customerAccount: 'Q', lines: [{ item: 'Stapler', quantity: 1 }] },
      { lines: [{ item: 'Stapler', quantity: 0 }] },
      { lines: [] },
    ];
    let placed = 0;
    for (const persona of PERSONAS) {
      for (const payload of bodies) {
        const { library, twin } = await both(persona, { method: 'POST', url: '/api/orders', payload });
        const what = `${persona} ${JSON.stringify(payload)}`;
        expect(twin.statusCode, what).toBe(library.statusCode);
        expect(placedNormalized(twin.body), what).toBe(placedNormalized(library.body));
        if (library.statusCode === 201) placed += 1;
      }
    }
    // Non-vacuity: Jane and Sam placed orders for Customer X, Alex one for Customer Y; the rest were refused.
    expect(placed).toBe(3);
  });

  it('runs as many statements per request as the library-backed route, so the benchmark compares like with like', async () => {
    const counted = async (persona: string, options: InjectOptions) => {
      const headers = { cookie: `portal_contact=${persona}` };
      statements.length = 0;
      const library = await portal.app.inject({ ...options, headers });
      const libraryStatements = statements.length;
      statements.length = 0;
      const twin = await portal.app.inject({ ...options, url: `/twin${options.url as string}`, headers });
      return {
        library: libraryStatements,
        twin: statements.length,
        status: library.statusCode,
        twinStatus: twin.statusCode,
      };
    };
    const routes: InjectOptions[] = [
      { url: '/api/orders' },
      { url: '/api/orders/SO-1' },
      { method: 'POST', url: '/api/orders', payload: { lines: [{ item: 'Stapler', quantity: 2 }] } },
    ];
    for (const persona of ['admin', 'rita', 'jane', 'may']) {
      for (const route of routes) {
        const { library, twin, status, twinStatus } = await counted(persona, route);
        const what = `${persona} ${route.method ?? 'GET'} ${route.url as string}`;
        expect(twinStatus, what).toBe(status);
        expect(twin, what).toBe(library);
      }
    }
    // Non-vacuity: Jane's order is placed (the contact, the number, her account, the insert) on both sides.
    const placed = await counted('jane', routes[2]!);
    expect(placed.status).toBe(201);
    expect(placed.library).toBeGreaterThanOrEqual(4);
  });
});
