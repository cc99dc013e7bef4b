import { describe, expect, it } from 'vitest';
import { columnPhrase, decideColumn } from '../../src/explain/column-explanation.js';
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

describe('a column decision in words', () => {
  it('a field that names no column is denied before the table is looked at; the empty field is not such a name', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    for (const field of ['__proto__', 'constructor', 'prototype'])
      expect(decideColumn(jane, 'read', 'salesorder', field), field).toEqual({
        allowed: false,
        denial: { code: 'not_a_column', field },
      });
    expect(decideColumn(jane, 'read', 'salesorder', '')).not.toMatchObject({
      denial: { code: 'not_a_column' },
    });
    expect(columnPhrase('read', 'salesorder', { code: 'not_a_column', field: '__proto__' })).toBe(
      '"__proto__" names no column of salesorder (__proto__, constructor, prototype and paths without a first segment never do); ask about a column',
    );
  });

  it('a table or action no column rule covers leaves the column to row access', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(decideColumn(jane, 'delete', 'salesorder', 'price')).toEqual({
      allowed: true,
      column: { field: 'price', grantedBy: [] },
    });
    expect(decideColumn(jane, 'read', 'no_such_table', 'price')).toEqual({
      allowed: true,
      column: { field: 'price', grantedBy: [] },
    });
    expect(columnPhrase('read', 'salesorder', { field: 'price', grantedBy: [] })).toBe(
      'no column rule applies, so row access covers column price',
    );
  });

  it('names one granting profile or several, and a denial with no profile held', () => {
    expect(
      columnPhrase('read', 'salesorder', {
        field: 'price',
        restrictedBy: 'columnPermissions',
        grantedBy: ['A'],
      }),
    ).toBe('column price through column permission "A"');
    expect(
      columnPhrase('read', 'salesorder', {
        field: 'price',
        restrictedBy: 'securedColumns',
        grantedBy: ['A', 'B'],
      }),
    ).toBe('column price through column security profiles "A", "B"');
    expect(
      columnPhrase('update', 'salesorder', {
        code: 'column_not_granted',
        field: 'price',
        restrictedBy: 'securedColumns',
        heldProfiles: [],
      }),
    ).toBe(
      'no column security profile they hold grants update on column price (they hold no column security profile on salesorder); a column security profile granting it is missing',
    );
    expect(
      columnPhrase('read', 'salesorder', {
        code: 'column_not_granted',
        field: 'price',
        restrictedBy: 'columnPermissions',
        heldProfiles: ['A', 'B'],
      }),
    ).toMatch(/\(held: "A", "B"\)/);
  });
});
