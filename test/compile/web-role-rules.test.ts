import { describe, expect, it } from 'vitest';
import { AbilityCache, abilityFor, definePolicy, type Principal, subject } from '../../src/index.js';
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

describe('a contact’s rules come from the permissions of the roles it holds, in policy order', () => {
  // Three roles over five permissions: "Shared" is granted to two roles, "Lines" is a child of "Mine".
  const policy = definePolicy({
    tables: {
      salesorder: { contact: 'orderedBy', account: 'customerAccount' },
      salesorderline: { parent: { salesorder: 'salesOrderId' } },
      terms: {},
    },
    webRoles: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
    tablePermissions: [
      { name: 'Company', table: 'salesorder', scope: 'account', privileges: ['read'], webRoles: ['B'] },
      { name: 'Mine', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['A'] },
      { name: 'Shared', table: 'terms', scope: 'global', privileges: ['read'], webRoles: ['C', 'A', 'B'] },
      { name: 'Lines', table: 'salesorderline', scope: 'parent', parent: 'Mine', privileges: ['read'] },
      { name: 'Only C', table: 'terms', scope: 'global', privileges: ['write'], webRoles: ['C'] },
    ],
  });
  const rulesOf = (webRoles: string[]) =>
    abilityFor(policy, { kind: 'contact', id: 'jane', accountId: 'X', webRoles }).portalRules.map((rule) => {
      const provenance = rule.provenance as unknown as { tablePermission: string; webRoles: string[] };
      return `${provenance.tablePermission} by ${provenance.webRoles}`;
    });

  it('a permission two held roles grant compiles once, naming both roles in the permission’s order', () => {
    expect(rulesOf(['B', 'A'])).toEqual(['Company by B', 'Mine by A', 'Shared by A,B', 'Lines by A']);
  });

  it('the order the contact lists its roles in changes nothing, and a role held twice counts once', () => {
    expect(rulesOf(['A', 'B'])).toEqual(rulesOf(['B', 'A', 'B']));
  });

  it('a role that grants nothing else still gets the permissions it shares, and no other', () => {
    expect(rulesOf(['C'])).toEqual(['Shared by C', 'Only C by C']);
    expect(rulesOf([])).toEqual([]);
  });
});

describe('web roles held through the contact’s account', () => {
  const sam = people.sam;
  const janesOrder = subject('salesorder', {
    id: 'SO-1',
    orderedBy: 'jane',
    customerAccount: 'X',
    company: 'usmf',
  });

  it("a contact reads their company's orders through a role linked to their account", () => {
    const throughAccount = { ...sam, accountWebRoles: ['Customer representative'] };
    expect(abilityFor(customerPortal, sam).can('read', janesOrder)).toBe(false);
    expect(abilityFor(customerPortal, throughAccount).can('read', janesOrder)).toBe(true);
  });

  it('account roles count for nothing without an account: missing, null or empty', () => {
    for (const accountId of [undefined, null, '']) {
      const orphan = {
        kind: 'contact' as const,
        id: 'sam',
        legalEntity: 'usmf',
        ...(accountId === undefined ? {} : { accountId }),
        webRoles: [],
        accountWebRoles: ['Administrator'],
      };
      expect(abilityFor(customerPortal, orphan).can('read', janesOrder)).toBe(false);
    }
  });

  it('an unknown or Anonymous role linked to the account is refused with its path, even without an account', () => {
    const typo = { kind: 'contact' as const, id: 'sam', webRoles: [], accountWebRoles: ['Customer rep'] };
    expect(() => abilityFor(customerPortal, typo)).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: 'unknown_web_role', path: ['accountWebRoles', 0] })],
      }),
    );
    const anonymous = { ...sam, accountWebRoles: ['Anonymous users'] };
    expect(() => abilityFor(customerPortal, anonymous)).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: 'anonymous_role_assigned', path: ['accountWebRoles', 0] })],
      }),
    );
  });

  it('a rule granted through the account says so; a role the contact also holds itself does not', () => {
    const both = {
      ...sam,
      webRoles: ['Authorized user'],
      accountWebRoles: ['Customer representative', 'Authorized user'],
    };
    const reasons = abilityFor(customerPortal, both).portalRules.map((rule) => [
      rule.provenance.kind === 'tablePermission' ? rule.provenance.tablePermission : '',
      rule.provenance.kind === 'tablePermission' ? rule.provenance.throughAccount : undefined,
    ]);
    expect(reasons).toContainEqual(['Company orders', ['Customer representative']]);
    expect(reasons).toContainEqual(['My orders', undefined]);
  });

  it('the AbilityCache tells apart two contacts that differ only by their account roles', () => {
    const cache = new AbilityCache();
    const of = (principal: Principal) => cache.abilityFor(customerPortal, principal);
    expect(of(sam).can('read', janesOrder)).toBe(false);
    expect(of({ ...sam, accountWebRoles: ['Customer representative'] }).can('read', janesOrder)).toBe(true);
    expect(of(sam).can('read', janesOrder)).toBe(false);
  });
});
