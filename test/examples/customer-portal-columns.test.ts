import { describe, expect, it } from 'vitest';
import { people } from '../fixtures/customer-portal.js';
import { usePortalApp } from './portal-app.js';

const asContact = (id: string) => ({ cookie: `portal_contact=${id}` });

describe('the customer portal hides order totals from Authorized users (column security)', () => {
  const portal = usePortalApp({ storePool: true });

  const listed = async (id: string) =>
    (
      (await portal.app.inject({ method: 'GET', url: '/api/orders', headers: asContact(id) })).json() as {
        orders: Record<string, unknown>[];
      }
    ).orders;

  it('an authorized user lists their orders without the total field', async () => {
    const orders = await listed(people.jane.id);
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(Object.hasOwn(order, 'total')).toBe(false);
      expect(order).toHaveProperty('status');
    }
  });

  it('a representative lists the same order with its total', async () => {
    const janes = (await listed(people.rep.id)).find((order) => order.id === 'SO-1');
    expect(janes).toMatchObject({ id: 'SO-1', total: '2398.00' });
  });

  it('the order API and page show the total to a representative only', async () => {
    const open = (id: string, url: string) =>
      portal.app.inject({ method: 'GET', url, headers: asContact(id) });
    expect(Object.hasOwn((await open(people.jane.id, '/api/orders/SO-1')).json().order, 'total')).toBe(false);
    expect((await open(people.rep.id, '/api/orders/SO-1')).json().order.total).toBe('2398.00');
    expect((await open(people.jane.id, '/orders/SO-1')).body).not.toContain('2398.00');
    expect((await open(people.rep.id, '/orders/SO-1')).body).toContain('2398.00');
    expect((await open(people.jane.id, '/orders')).body).not.toContain('<th>Total</th>');
    expect((await open(people.rep.id, '/orders')).body).toContain('<th>Total</th>');
  });
});
