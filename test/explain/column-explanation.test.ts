import { describe, expect, it } from 'vitest';
import { abilityFor, explain } from '../../src/index.js';
import { contacts, order, pricedPortal, pricedPortalInput, users } from '../fixtures/column-security.js';

describe('explain with a field', () => {
  it('names the missing column permission when an authorized user asks for the price', () => {
    const why = explain(abilityFor(pricedPortal, contacts.jane), 'read', order('jane'), { field: 'price' });
    expect(why.allowed).toBe(false);
    expect(why).toMatchObject({
      reason: {
        code: 'column_not_granted',
        field: 'price',
        restrictedBy: 'columnPermissions',
        heldProfiles: ['Orders without prices'],
      },
    });
    expect(why.message).toBe(
      'contact "jane" cannot read column price of salesorder "SO-jane": no column permission they hold grants read on column price (held: "Orders without prices"); a column permission granting it is missing',
    );
  });

  it('names the column permission that grants the price to a representative', () => {
    const why = explain(abilityFor(pricedPortal, contacts.rita), 'read', order('jane'), { field: 'price' });
    expect(why).toMatchObject({
      allowed: true,
      column: { field: 'price', grantedBy: ['Orders with prices'] },
    });
    expect(why.message).toContain('column price through column permission "Orders with prices"');
  });

  it('names the team profile for an internal user, and says an unsecured column follows row access', () => {
    const pia = abilityFor(pricedPortal, users.pia);
    const own = order('jane', { ownerId: 'pia' });
    expect(explain(pia, 'read', own, { field: 'price' })).toMatchObject({
      allowed: true,
      column: { restrictedBy: 'securedColumns', grantedBy: ['Pricing'] },
    });
    expect(explain(pia, 'read', own, { field: 'status' }).message).toContain('column status is not secured');
    const sue = explain(abilityFor(pricedPortal, users.sue), 'read', own, { field: 'price' });
    expect(sue.message).toContain('they hold no column security profile on salesorder');
  });

  it('keeps the row reason when the row itself is denied', () => {
    const why = explain(abilityFor(pricedPortal, contacts.jane), 'read', order('sam'), { field: 'status' });
    expect(why).toMatchObject({ allowed: false, reason: { code: 'no_matching_grant' } });
  });

  it('agrees with ability.can on every field, principal and action', () => {
    const principals = [
      contacts.jane,
      contacts.rita,
      contacts.both,
      contacts.plain,
      users.sue,
      users.tom,
      users.pia,
    ];
    for (const principal of principals) {
      const ability = abilityFor(pricedPortal, principal);
      for (const record of [order('jane'), order('bo', { ownerId: 'pia' })]) {
        for (const action of ['read', 'write', 'create', 'delete'] as const) {
          for (const field of [...pricedPortalInput.tables.salesorder.fields, 'other']) {
            expect(
              explain(ability, action, record, { field }).allowed,
              `${principal.id} ${action} ${field}`,
            ).toBe(ability.can(action, record, field));
          }
        }
      }
    }
  });
});
