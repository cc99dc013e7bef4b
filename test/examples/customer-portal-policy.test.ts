// The recipe of docs/cookbook/test-your-policy.md, run against the example portal's policy.
import fc from 'fast-check';
import { abilityFor, type ContactPrincipal, type PortalRawRule, subject } from 'portal-permissions';
import { describe, expect, it } from 'vitest';
import { portalPolicy, portalPolicyInput } from '../../examples/customer-portal/policy.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const contact = (id: string, accountId: string | null, webRoles: string[]): ContactPrincipal => ({
  kind: 'contact',
  id,
  accountId,
  legalEntity: 'usmf',
  webRoles,
});

const people = {
  admin: contact('admin', null, ['Administrator']),
  rita: contact('rita', 'X', ['Customer representative']),
  jane: contact('jane', 'X', ['Authorized user']),
  sam: contact('sam', 'X', ['Authorized user']),
  may: contact('may', 'Y', ['Unauthorized user']),
};

const order = (id: string, customerAccount: string, orderedBy: string) =>
  subject('salesorder', { id, customerAccount, company: 'usmf', orderedBy });

// 1. The documented table, written out by hand: the specification you are testing against.
const expected = [
  //            admin  rita   jane   sam    may
  ['SO-1', 'X', 'jane', [true, true, true, false, false]],
  ['SO-2', 'X', 'sam', [true, true, false, true, false]],
  ['SO-3', 'Y', 'may', [true, false, false, false, false]],
] as const;

describe('the example portal policy', () => {
  it('has no warnings (no inactive or role-less permission)', () => {
    expect(portalPolicy.warnings).toEqual([]);
  });

  for (const [id, account, orderer, row] of expected) {
    it(`reproduces the documented visibility of ${id} (customer ${account}, ordered by ${orderer})`, () => {
      const seen = Object.values(people).map((person) =>
        abilityFor(portalPolicy, person).can('read', order(id, account, orderer)),
      );
      expect(seen).toEqual(row);
    });
  }

  // 2. Name the grant that decides, so a refactoring that keeps the answer but changes the reason shows up.
  it('lets a representative read a colleague order through "Company orders"', () => {
    const rule = abilityFor(portalPolicy, people.rita).relevantRuleFor('read', order('SO-2', 'X', 'sam'));
    expect((rule?.origin as PortalRawRule | undefined)?.provenance).toMatchObject({
      tablePermission: 'Company orders',
      webRoles: ['Customer representative'],
    });
  });

  // 3. Properties: statements that must hold for every record, checked on generated ones.
  const value = fc.constantFrom('X', 'Y', 'jane', 'sam', '', 'usmf', 'demf');
  const anyOrder = fc.record({
    id: fc.string(),
    customerAccount: fc.option(value),
    company: fc.option(value),
    orderedBy: fc.option(value),
  });

  it('never lets an authorized user create an order outside their own company', () => {
    const jane = abilityFor(portalPolicy, people.jane);
    fc.assert(
      fc.property(anyOrder, (record) => {
        if (jane.can('create', subject('salesorder', { ...record }))) {
          expect([record.customerAccount, record.company]).toEqual(['X', 'usmf']);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('never lets a contact without roles read any order', () => {
    const nobody = abilityFor(portalPolicy, contact('nobody', 'X', []));
    fc.assert(
      fc.property(anyOrder, (record) => !nobody.can('read', subject('salesorder', { ...record }))),
      { numRuns: propertyRuns(200) },
    );
  });

  it('never removes access when a role is added', () => {
    const roleNames = portalPolicyInput.webRoles
      .filter((role) => !('anonymousUsers' in role))
      .map((role) => role.name);
    const roles = fc.subarray(roleNames);
    fc.assert(
      fc.property(roles, fc.constantFrom(...roleNames), anyOrder, (held, extra, record) => {
        const before = abilityFor(portalPolicy, contact('jane', 'X', held));
        const after = abilityFor(portalPolicy, contact('jane', 'X', [...held, extra]));
        for (const action of ['read', 'create', 'write', 'delete'] as const) {
          const tagged = subject('salesorder', { ...record });
          if (before.can(action, tagged)) expect(after.can(action, tagged)).toBe(true);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
