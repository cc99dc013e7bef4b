import { describe, expect, it } from 'vitest';
import { isPortalPermissionsError } from '../../src/index.js';
import { arbitraryContact, neverCan, PolicyPropertyError } from '../../src/testing/index.js';
import { customerPortal, customerPortalInput } from '../fixtures/customer-portal.js';
import { representativeGoesGlobal } from '../fixtures/planted-bug.js';

const representatives = arbitraryContact(customerPortalInput, { webRoles: ['Customer representative'] });

/** "Another company" is another (legal entity, account number) pair (D4). */
const anotherCompanys = (
  order: Readonly<Record<string, unknown>>,
  contact: { accountId?: unknown; legalEntity?: unknown },
) => order.customerAccount !== contact.accountId || order.company !== contact.legalEntity;

function failureOf(run: () => void): PolicyPropertyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyPropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail');
}

describe('neverCan', () => {
  it('passes on the seed policy: a customer representative never reads another company’s orders', () => {
    neverCan(customerPortal, representatives, 'read', 'salesorder', anotherCompanys, { runs: 300 });
  });

  it('finds the representative who reads another company’s orders once their permission is made global', () => {
    const error = failureOf(() =>
      neverCan(representativeGoesGlobal, representatives, 'read', 'salesorder', anotherCompanys, {
        runs: 300,
        seed: 42,
      }),
    );
    expect(error.code).toBe('forbidden_access');
    expect(isPortalPermissionsError(error)).toBe(true);
    expect(error.counterexample?.explanation).toContain(
      'table permission "Company orders" (global scope) via web role "Customer representative"',
    );
    expect(error.message).toMatchInlineSnapshot(`
      "neverCan failed: a principal can read a salesorder record the invariant forbids
        principal:   {"kind":"contact","id":"c1","accountId":"A","legalEntity":"usmf","webRoles":["Customer representative"],"state":"active","mustChangePassword":false,"accountWebRoles":[]}
        action:      read
        table:       salesorder
        record:      {"id":null,"orderedBy":null,"company":"usmf"}
        explanation: contact "c1" can read a salesorder record: table permission "Company orders" (global scope) via web role "Customer representative"
        invariant:   (order, contact) => order.customerAccount !== contact.accountId || order.company !== contact.legalEntity
      Found after 2 run(s), shrunk 6 time(s); replay with { seed: 42, path: "1:0:0:0:0:0:0" }."
    `);
  });

  it('fails on the seed policy when the invariant forbids what it grants: representatives do read orders', () => {
    const error = failureOf(() =>
      neverCan(
        customerPortal,
        representatives,
        'read',
        'salesorder',
        (order, contact) => !anotherCompanys(order, contact),
      ),
    );
    expect(error.counterexample?.explanation).toContain('table permission "Company orders" (account scope)');
  });

  it('refuses a table the policy does not declare, with a hint', () => {
    // @ts-expect-error: "salesorders" is not a table of the policy; the compiler refuses it too
    expect(() => neverCan(customerPortal, representatives, 'read', 'salesorders', () => true)).toThrow(
      /table "salesorders" is not declared by the policy \(did you mean "salesorder"\?\)/,
    );
  });
});
