import { describe, expect, it } from 'vitest';
import { usePortalApp } from './portal-app.js';

// A many-to-many contact scope in the example: "Orders I follow" reaches orders through the intersect table
// sales_order_follower, in the listing (SQL EXISTS) and when one order is opened (the record's followerIds),
// bounded within the follower's own account (D20): a link to another company's order grants nothing.

const portal = usePortalApp({ onServer: false });

const asSam = (url: string) => portal.app.inject({ url, headers: { cookie: 'portal_contact=sam' } });
const listedBySam = async () =>
  ((await asSam('/api/orders')).json() as { orders: { id: string }[] }).orders
    .map((order) => order.id)
    .sort();

describe('orders a contact follows (many-to-many through sales_order_follower)', () => {
  it("an authorized user reads a colleague's order once he follows it, and no other", async () => {
    expect(await listedBySam()).toEqual(['SO-2']);
    expect((await asSam('/api/orders/SO-1')).statusCode).toBe(404);

    await portal.db.query('INSERT INTO sales_order_follower (sales_order_id, contact_id) VALUES ($1, $2)', [
      'SO-1',
      'sam',
    ]);
    expect(await listedBySam()).toEqual(['SO-1', 'SO-2']);
    const opened = await asSam('/api/orders/SO-1');
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({
      order: {
        id: 'SO-1',
        grantedBy: { tablePermission: 'Orders I follow', field: 'followers', within: 'account' },
      },
    });
    // Jane's own list is unchanged: a follower gains access, the order's owner loses none.
    const jane = await portal.app.inject({ url: '/api/orders', headers: { cookie: 'portal_contact=jane' } });
    expect((jane.json() as { orders: { id: string }[] }).orders.map((order) => order.id)).toEqual(['SO-1']);

    await portal.db.query('DELETE FROM sales_order_follower WHERE sales_order_id = $1 AND contact_id = $2', [
      'SO-1',
      'sam',
    ]);
    expect(await listedBySam()).toEqual(['SO-2']);
  });

  it("a follower link to another company's order grants nothing, listed or opened", async () => {
    // SO-3 is Customer Y's; Sam is a contact of Customer X. Whoever wrote the link, the policy's bound holds.
    await portal.db.query('INSERT INTO sales_order_follower (sales_order_id, contact_id) VALUES ($1, $2)', [
      'SO-3',
      'sam',
    ]);
    try {
      expect(await listedBySam()).toEqual(['SO-2']);
      expect((await asSam('/api/orders/SO-3')).statusCode).toBe(404);
    } finally {
      await portal.db.query(
        'DELETE FROM sales_order_follower WHERE sales_order_id = $1 AND contact_id = $2',
        ['SO-3', 'sam'],
      );
    }
  });
});
