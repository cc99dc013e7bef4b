import { PGlite } from '@electric-sql/pglite';
import type { ContactPrincipal } from 'portal-permissions';
import {
  arbitraryContact,
  arbitraryVisitor,
  assertAgreesWithReference,
  neverCan,
  onlyNarrows,
  onlyWidens,
} from 'portal-permissions/testing';
import { describe, it } from 'vitest';
import { portalPolicy, portalPolicyInput } from '../../examples/customer-portal/policy.js';

type Order = Readonly<Record<string, unknown>>;

// A company is a (legal entity, account number) pair: an order of another company differs in either.
const ofAnotherCompany = (order: Order, contact: ContactPrincipal) =>
  order.customerAccount !== contact.accountId || order.company !== contact.legalEntity;

const customers = arbitraryContact(portalPolicy, {
  webRoles: ['Customer representative', 'Authorized user', 'Unauthorized user'],
});
const representatives = arbitraryContact(portalPolicy, { webRoles: ['Customer representative'] });

describe('the Customer portal policy', () => {
  it('means what the reference evaluator says, in memory and in PostgreSQL', {
    timeout: 60_000,
  }, async () => {
    const db = new PGlite();
    await assertAgreesWithReference(portalPolicy, { runs: 200 });
    await assertAgreesWithReference(portalPolicy, { runs: 50, db });
    await db.close();
  });

  it('never lets a representative read another company’s orders', () => {
    neverCan(portalPolicy, representatives, 'read', 'salesorder', ofAnotherCompany);
  });

  it('never lets a customer read another company’s order that they did not place', () => {
    neverCan(portalPolicy, customers, 'read', 'salesorder', (order, contact) => {
      return ofAnotherCompany(order, contact) && order.orderedBy !== contact.id;
    });
  });

  it('never lets a customer create an order for another company', () => {
    neverCan(portalPolicy, customers, 'create', 'salesorder', ofAnotherCompany);
  });

  it('never shows an order to a visitor', () => {
    neverCan(portalPolicy, arbitraryVisitor(), 'read', 'salesorder', () => true);
  });

  it('only narrows when representatives lose order lines', () => {
    const proposal = {
      ...portalPolicyInput,
      tablePermissions: portalPolicyInput.tablePermissions.filter(
        (permission) => permission.name !== 'Lines of company orders',
      ),
    };
    onlyNarrows(portalPolicy, proposal);
  });

  it('only widens when unauthorized users may read the orders they placed', () => {
    const proposal = {
      ...portalPolicyInput,
      tablePermissions: portalPolicyInput.tablePermissions.map((permission) =>
        permission.name === 'My orders'
          ? { ...permission, webRoles: [...permission.webRoles, 'Unauthorized user'] }
          : permission,
      ),
    };
    onlyWidens(portalPolicy, proposal);
  });
});
