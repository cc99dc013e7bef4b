import { describe, expectTypeOf, it } from 'vitest';
import type { ContactPrincipal } from '../../src/index.js';
import { arbitraryContact, neverCan } from '../../src/testing/index.js';
import { customerPortal, customerPortalInput } from '../fixtures/customer-portal.js';

describe('neverCan takes the names of the policy it tests', () => {
  const contacts = arbitraryContact(customerPortalInput);
  const foreign = (order: Readonly<Record<string, unknown>>, contact: ContactPrincipal) =>
    order.customerAccount !== contact.accountId;

  it('refuses an undeclared table or an action rows never get, for a policy from definePolicy', () => {
    const check = () => {
      neverCan(customerPortal, contacts, 'read', 'salesorder', foreign);
      // @ts-expect-error: "salesordr" is not a table of the policy
      neverCan(customerPortal, contacts, 'read', 'salesordr', foreign);
      // @ts-expect-error: view is an action on pages, not on rows
      neverCan(customerPortal, contacts, 'view', 'salesorder', foreign);
    };
    expectTypeOf(check).toBeFunction();
  });

  it('takes any table of a plain policy document, checked when it runs', () => {
    const check = () => neverCan(customerPortalInput, contacts, 'read', 'any table', foreign);
    expectTypeOf(check).toBeFunction();
  });
});
