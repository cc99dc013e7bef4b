import { describe, expect, it } from 'vitest';
import { portalPolicy } from '../../examples/customer-portal/policy.js';
import { abilityFor, page } from '../../src/index.js';
import { people } from '../fixtures/customer-portal.js';
import { usePortalApp } from './portal-app.js';

const asContact = (id: string) => ({ cookie: `portal_contact=${id}` });

describe('the customer portal gates its pages with webpage access control rules', () => {
  const portal = usePortalApp({ storePool: true });

  const open = (url: string, id?: string) =>
    portal.app.inject({ method: 'GET', url, ...(id === undefined ? {} : { headers: asContact(id) }) });

  it('a visitor reads the public sign-in and terms pages', async () => {
    expect((await open('/')).statusCode).toBe(200);
    expect((await open('/terms')).statusCode).toBe(200);
  });

  it('a visitor asking for the orders page is sent to sign in', async () => {
    const response = await open('/orders');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    expect((await open('/orders/SO-1')).statusCode).toBe(303);
  });

  it('an unauthorized user sees only public information: Access denied on the order pages, naming the rule', async () => {
    const response = await open('/orders', people.may.id);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('data-testid="access-denied"');
    expect(response.body).toContain('restricted on &quot;orders&quot; by rule &quot;Order pages&quot;');
    expect(response.body).not.toContain('SO-');
    expect((await open('/terms', people.may.id)).statusCode).toBe(200);
  });

  it('every role that reads orders opens the orders pages', async () => {
    for (const persona of [people.admin, people.rep, people.jane]) {
      expect((await open('/orders', persona.id)).statusCode).toBe(200);
    }
    expect((await open('/orders/SO-1', people.jane.id)).statusCode).toBe(200);
  });

  it('only the Administrator may change the site content', () => {
    expect(abilityFor(portalPolicy, people.admin).can('change', page('terms'))).toBe(true);
    expect(abilityFor(portalPolicy, people.rep).can('change', page('terms'))).toBe(false);
  });
});
