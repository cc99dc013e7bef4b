import type { FastifyInstance } from 'fastify';
import { abilityFor, subject } from 'portal-permissions';
import { describe, expect, it } from 'vitest';
import type { SalesOrder } from '../../examples/customer-portal/orders.js';
import { portalPolicy } from '../../examples/customer-portal/policy.js';
import { orders, people, visibility } from '../fixtures/customer-portal.js';
import { usePortalApp } from './portal-app.js';

type Persona = keyof typeof people;

const cookieOf = (persona: Persona): Record<string, string> => {
  const person = people[persona];
  return person.kind === 'contact' ? { cookie: `portal_contact=${person.id}` } : {};
};

const expectedIds = (persona: Persona): string[] => visibility[persona].map((key) => orders[key].id).sort();

async function listIds(app: FastifyInstance, persona: Persona): Promise<string[]> {
  const response = await app.inject({ method: 'GET', url: '/api/orders', headers: cookieOf(persona) });
  expect(response.statusCode).toBe(200);
  return (response.json() as { orders: { id: string }[] }).orders.map((order) => order.id).sort();
}

function postOrder(app: FastifyInstance, persona: Persona, payload: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: cookieOf(persona),
    payload: payload as object,
  });
}

const oneLine = { lines: [{ item: 'Stapler', quantity: 2 }] };

// One portal for the file: the listing tests read the seed before the tests below place their orders.
const portal = usePortalApp({ storePool: true });

describe('the customer portal API lists and opens orders as the documentation says', () => {
  for (const persona of Object.keys(visibility) as Persona[]) {
    it(`${persona} lists exactly the orders of the visibility table`, async () => {
      expect(await listIds(portal.app, persona)).toEqual(expectedIds(persona));
    });

    it(`${persona} opens every order they may list and gets 404 for the others`, async () => {
      const visible = new Set(expectedIds(persona));
      for (const { id } of Object.values(orders)) {
        const response = await portal.app.inject({
          method: 'GET',
          url: `/api/orders/${id}`,
          headers: cookieOf(persona),
        });
        expect(response.statusCode, `${persona} opening ${id}`).toBe(visible.has(id) ? 200 : 404);
      }
    });
  }

  it('every order the SQL list returns passes the record check, for every persona', async () => {
    for (const persona of Object.keys(visibility) as Persona[]) {
      const ability = abilityFor(portalPolicy, people[persona]);
      const response = await portal.app.inject({
        method: 'GET',
        url: '/api/orders',
        headers: cookieOf(persona),
      });
      for (const { grantedBy, ...order } of (
        response.json() as { orders: ({ grantedBy: unknown } & SalesOrder)[] }
      ).orders) {
        expect(ability.can('read', subject('salesorder', { ...order })), `${persona} ${order.id}`).toBe(true);
      }
    }
  });

  it('an order you may not read answers exactly like an order that does not exist', async () => {
    const hidden = await portal.app.inject({
      method: 'GET',
      url: `/api/orders/${orders.mays.id}`,
      headers: cookieOf('jane'),
    });
    const unknown = await portal.app.inject({
      method: 'GET',
      url: '/api/orders/SO-999',
      headers: cookieOf('jane'),
    });
    expect([hidden.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(hidden.json()).toEqual({
      error: 'not_found',
      message: `no salesorder ${orders.mays.id} that you may read`,
    });
    expect(unknown.json()).toEqual({ error: 'not_found', message: 'no salesorder SO-999 that you may read' });
  });

  it('each listed order names the web role and table permission that grant it', async () => {
    const response = await portal.app.inject({ method: 'GET', url: '/api/orders', headers: cookieOf('rep') });
    const grants = (response.json() as { orders: { grantedBy: unknown }[] }).orders.map(
      (order) => order.grantedBy,
    );
    expect(new Set(grants.map((grant) => JSON.stringify(grant)))).toEqual(
      new Set([
        JSON.stringify({
          webRoles: ['Customer representative'],
          tablePermission: 'Company orders',
          scope: 'account',
          field: 'customerAccount',
        }),
      ]),
    );
  });

  it('a customer representative reads the lines of a colleague order through the parent permission', async () => {
    const response = await portal.app.inject({
      method: 'GET',
      url: `/api/orders/${orders.sams.id}`,
      headers: cookieOf('rep'),
    });
    expect((response.json() as { order: { lines: { salesOrderId: string }[] } }).order.lines).toEqual([
      expect.objectContaining({ salesOrderId: orders.sams.id }),
    ]);
  });

  it('May and an anonymous visitor both read the public terms', async () => {
    for (const persona of ['may', 'visitor'] as const) {
      const response = await portal.app.inject({
        method: 'GET',
        url: '/api/terms',
        headers: cookieOf(persona),
      });
      expect((response.json() as { terms: unknown[] }).terms.length, persona).toBeGreaterThan(0);
    }
  });

  it('the terms page renders for a visitor', async () => {
    const response = await portal.app.inject({ method: 'GET', url: '/terms' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Terms of sale');
  });

  it('an unknown sign-in cookie is an anonymous visitor, who lists nothing', async () => {
    const response = await portal.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: 'portal_contact=mallory' },
    });
    expect(response.json()).toEqual({ contact: null, principal: { kind: 'anonymous' } });
    expect(await listIds(portal.app, 'visitor')).toEqual([]);
  });
});

describe('placing orders through the API', () => {
  it('an authorized user places an order for their company and is its orderer', async () => {
    const response = await postOrder(portal.app, 'jane', oneLine);
    expect(response.statusCode).toBe(201);
    const { order } = response.json() as {
      order: { id: string; customerAccount: string; orderedBy: string; lines: unknown[] };
    };
    expect(order).toMatchObject({ customerAccount: 'X', company: 'usmf', orderedBy: 'jane' });
    expect(order.lines).toEqual([
      expect.objectContaining({ item: 'Stapler', quantity: 2, salesOrderId: order.id }),
    ]);
    expect(await listIds(portal.app, 'jane')).toContain(order.id);
    expect(await listIds(portal.app, 'rep')).toContain(order.id);
    expect(await listIds(portal.app, 'sam')).not.toContain(order.id);
  });

  it('an authorized user cannot place an order in another company', async () => {
    const before = await listIds(portal.app, 'admin');
    const response = await postOrder(portal.app, 'jane', { customerAccount: 'Y', ...oneLine });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'forbidden',
      action: 'create',
      table: 'salesorder',
      message: 'you may not place orders for customer account Y in usmf',
    });
    expect(await listIds(portal.app, 'admin')).toEqual(before);
  });

  it('an authorized user cannot place an order in the same account number of another legal entity', async () => {
    const response = await postOrder(portal.app, 'sam', { company: 'demf', ...oneLine });
    expect(response.statusCode).toBe(403);
  });

  it('a customer representative and an unauthorized user may not place orders', async () => {
    for (const persona of ['rep', 'may'] as const) {
      const response = await postOrder(portal.app, persona, oneLine);
      expect(response.statusCode, persona).toBe(403);
      expect((response.json() as { error: string }).error).toBe('forbidden');
    }
  });

  it('a visitor is told to sign in', async () => {
    const response = await postOrder(portal.app, 'visitor', oneLine);
    expect(response.statusCode).toBe(401);
    expect((response.json() as { error: string }).error).toBe('sign_in_required');
  });

  it('the administrator places an order for any customer account that exists', async () => {
    const placed = await postOrder(portal.app, 'admin', { customerAccount: 'Y', ...oneLine });
    expect(placed.statusCode).toBe(201);
    const missing = await postOrder(portal.app, 'admin', { customerAccount: 'Z', ...oneLine });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { field: string }).field).toBe('customerAccount');
  });

  it.each([
    [{}, 'lines'],
    [{ lines: [] }, 'lines'],
    [{ lines: [{ item: '', quantity: 1 }] }, 'lines[0].item'],
    [
      {
        lines: [
          { item: 'Pen', quantity: 1 },
          { item: 'Pen', quantity: 1.5 },
        ],
      },
      'lines[1].quantity',
    ],
    [{ lines: [{ item: 'Pen', quantity: '3' }] }, 'lines[0].quantity'],
    [{ customerAccount: '', ...oneLine }, 'customerAccount'],
    [{ orderedBy: 'sam', ...oneLine }, 'orderedBy'],
    [{ lines: [{ item: 'Pen', quantity: 1, price: 0 }] }, 'lines[0].price'],
  ])('an invalid body %j answers 400 naming %s', async (payload, field) => {
    const response = await postOrder(portal.app, 'jane', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_body', field });
  });

  it('a body that is not JSON answers 400 in the API error shape', async () => {
    const response = await portal.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...cookieOf('jane'), 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: string }).error).toBe('invalid_body');
  });
});
