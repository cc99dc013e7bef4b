import { describe, expect, it } from 'vitest';
import { contactIdFromCookie } from '../../examples/customer-portal/session.js';
import { usePortalApp } from './portal-app.js';

// What a new user met on a first run (issue 19): each test here failed before its fix.
describe('the customer portal on a first run', () => {
  const portal = usePortalApp({ storePool: true });

  it('a malformed portal_contact cookie reads as signed out, not as an error', () => {
    expect(contactIdFromCookie('portal_contact=%E0%A4%A')).toBeUndefined();
    expect(contactIdFromCookie('other=1; portal_contact=%E0%A4%A')).toBeUndefined();
  });

  it('every page answers a malformed cookie as it answers a visitor', async () => {
    for (const url of ['/', '/orders', '/terms', '/api/orders', '/api/me']) {
      const visitor = await portal.app.inject({ url });
      const response = await portal.app.inject({ url, headers: { cookie: 'portal_contact=%E0%A4%A' } });
      // A visitor gets 200, or 303 to sign in for a restricted page (page rules); never a 500.
      expect(visitor.statusCode, url).toBeLessThan(400);
      expect([response.statusCode, response.headers.location], url).toEqual([
        visitor.statusCode,
        visitor.headers.location,
      ]);
    }
    const me = await portal.app.inject({ url: '/api/me', headers: { cookie: 'portal_contact=%E0%A4%A' } });
    expect(me.json()).toMatchObject({ contact: null, principal: { kind: 'anonymous' } });
  });

  it('pages declare a viewport so phones do not zoom out to a desktop layout', async () => {
    const response = await portal.app.inject({ url: '/orders', headers: { cookie: 'portal_contact=rita' } });
    expect(response.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('the orders table shows the date and time each order was placed and the sum of the totals the viewer may read', async () => {
    const response = await portal.app.inject({ url: '/orders', headers: { cookie: 'portal_contact=rita' } });
    expect(response.body).toMatch(/<th>Placed<\/th>/);
    expect(response.body).toMatch(
      /<td data-testid="placed"><time datetime="\d{4}-\d{2}-\d{2}T[^"]+"[^>]*>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time><\/td>/,
    );
    // On the seed, Rita reads SO-1 (2398.00) and SO-2 (996.00); on a shared server other tests add orders, so
    // the expected sum comes from the API's own list, added up in cents.
    const listed = await portal.app.inject({
      url: '/api/orders',
      headers: { cookie: 'portal_contact=rita' },
    });
    const totals = (listed.json() as { orders: { total?: string }[] }).orders.map(
      (order) => order.total ?? '0',
    );
    const cents = totals.reduce((sum, total) => sum + Math.round(Number(total) * 100), 0);
    const expected = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    if (!process.env.PORTAL_TEST_DATABASE_URL) expect(expected).toBe('3394.00');
    expect(response.body).toContain(`data-testid="grand-total">${expected}</td>`);
    expect(response.body).toContain(`${totals.length} orders`);
  });

  it('an authorized user gets no grand total, since she may read no order total', async () => {
    const response = await portal.app.inject({ url: '/orders', headers: { cookie: 'portal_contact=jane' } });
    expect(response.body).not.toContain('grand-total');
    expect(response.body).toMatch(/data-testid="order-count">\d+ orders?</);
  });
});
