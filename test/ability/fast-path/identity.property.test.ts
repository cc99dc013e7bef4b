import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityOf, keyOf, quickHashOf, sameTemplate } from '../../../src/ability/fast-path/identity.js';
import { definePolicy } from '../../../src/index.js';
import { policyIndexOf } from '../../../src/policy/define-policy.js';
import { parsePrincipal } from '../../../src/principal/principal.js';
import { customerPortalInput } from '../../fixtures/customer-portal.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

const index = policyIndexOf(definePolicy(customerPortalInput));

// Small pools, so that two contacts often share every field but their ids, and often differ in one.
const roles = fc.array(fc.constantFrom('Authorized user', 'Unauthorized user', 'Administrator'), {
  maxLength: 2,
});
const contact = fc.record(
  {
    kind: fc.constant('contact'),
    id: fc.constantFrom('jane', 'may'),
    accountId: fc.constantFrom('X', 'Y', null, '', undefined),
    legalEntity: fc.constantFrom('usmf', null, '', undefined),
    webRoles: roles,
    administrativeRoles: fc.constantFrom([], undefined),
    state: fc.constantFrom('active', 'blocked', undefined),
    mustChangePassword: fc.constantFrom(true, false, undefined),
    registeredVia: fc.constantFrom('invitation', 'openRegistration', undefined),
    accountWebRoles: roles,
  },
  { requiredKeys: ['kind', 'id'] },
);
const session = fc.constantFrom(undefined, 'api', 'interactive', 'api');
type Contact = Record<string, unknown>;
// Two contacts: unrelated, or the second the first with another id and at most one field of its own.
const pair = fc
  .tuple(contact, contact, fc.constantFrom('unrelated', 'copy', 'one field'), fc.nat())
  .map(([left, right, how, pick]): [Contact, Contact] => {
    if (how === 'unrelated') return [left, right];
    const copy: Contact = { ...left, id: right.id };
    if (how === 'copy') return [left, copy];
    const fields = Object.keys(right).filter((field) => field !== 'kind' && field !== 'id');
    if (fields.length === 0) return [left, copy];
    const field = fields[pick % fields.length]!;
    return [left, { ...copy, [field]: (right as Contact)[field] }];
  });

describe('the template two contacts share', () => {
  it('is found by comparing their fields exactly when their template keys are equal', () => {
    const seen = { same: 0, different: 0, hashedApart: 0 };
    fc.assert(
      fc.property(pair, session, session, ([left, right], leftSession, rightSession) => {
        const a = identityOf(index, parsePrincipal(left), leftSession);
        const b = identityOf(index, parsePrincipal(right), rightSession);
        if (a === undefined || b === undefined) return;
        const same = keyOf(a) === keyOf(b);
        expect(sameTemplate(a, b)).toBe(same);
        expect(sameTemplate(b, a)).toBe(same);
        // The hash a template is looked up by: equal for one template, and telling different ones apart.
        if (same) expect(quickHashOf(a)).toBe(quickHashOf(b));
        else if (quickHashOf(a) !== quickHashOf(b)) seen.hashedApart++;
        seen[same ? 'same' : 'different']++;
      }),
      { numRuns: propertyRuns(4000) },
    );
    // Both answers happen: the comparison is not vacuous.
    expect(seen.same).toBeGreaterThan(0);
    expect(seen.different).toBeGreaterThan(0);
    expect(seen.hashedApart).toBe(seen.different);
  });

  it('is never shared by a blocked contact and an active one of the same roles', () => {
    const contactOf = (id: string, state: 'active' | 'blocked') =>
      parsePrincipal({ kind: 'contact', id, accountId: 'X', webRoles: ['Administrator'], state });
    const active = identityOf(index, contactOf('a', 'active'), undefined)!;
    const blocked = identityOf(index, contactOf('b', 'blocked'), undefined)!;
    expect(sameTemplate(active, blocked)).toBe(false);
    expect(sameTemplate(active, identityOf(index, contactOf('c', 'active'), undefined)!)).toBe(true);
  });
});
