import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, subject } from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';

describe('the rules a contact’s web roles compile to', () => {
  it('every rule says which web role and which table permission grant it', () => {
    const reasons = abilityFor(customerPortal, people.jane).portalRules.map((rule) => rule.reason);
    expect(reasons).toEqual([
      'web role "Authorized user" → table permission "My orders" (contact scope)',
      'web role "Authorized user" → table permission "My orders" (contact scope)',
      'web role "Authorized user" → table permission "Lines of my orders" (parent scope)',
      'web role "Authenticated users" → table permission "Public terms" (global scope)',
    ]);
  });

  it('a permission that grants only create compiles to one create rule and no rule without an action', () => {
    const policy = definePolicy({
      tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount' } },
      webRoles: [{ name: 'Buyer' }],
      tablePermissions: [
        {
          name: 'New orders',
          table: 'salesorder',
          scope: 'contact',
          privileges: ['create'],
          webRoles: ['Buyer'],
        },
      ],
    });
    const buyer = abilityFor(policy, { kind: 'contact', id: 'jane', accountId: 'X', webRoles: ['Buyer'] });
    expect(buyer.portalRules.map((rule) => rule.action)).toEqual([['create']]);
    expect(buyer.can('create', subject('salesorder', { orderedBy: 'jane', customerAccount: 'X' }))).toBe(
      true,
    );
    expect(buyer.can('read', subject('salesorder', { orderedBy: 'jane', customerAccount: 'X' }))).toBe(false);
  });
});
