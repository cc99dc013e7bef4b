import { describe, expect, it } from 'vitest';
import { columnOf } from '../../src/base/column-access.js';
import {
  abilityFor,
  accessibleColumns,
  allowsColumn,
  definePolicy,
  explain,
  type PortalAbility,
  permittedColumns,
  pickPermitted,
  subject,
} from '../../src/index.js';
import { contacts, order, pricedPortal, users } from '../fixtures/column-security.js';

// A table that does not list its fields: column permissions and secured columns deny by name only, so a path
// below a denied column is the case a name match alone would let through (RELIABILITY 24).
function setup() {
  const policy = definePolicy({
    tables: { quote: { contact: 'requestedBy', securedColumns: ['price'] } },
    webRoles: [{ name: 'Buyer' }],
    tablePermissions: [
      { name: 'My quotes', table: 'quote', scope: 'contact', privileges: ['read'], webRoles: ['Buyer'] },
    ],
    columnPermissions: [
      {
        name: 'Quotes without prices',
        table: 'quote',
        webRoles: ['Buyer'],
        allColumns: ['read'],
        columns: { price: [] },
      },
    ],
    businessUnits: [{ id: 'root' }],
    securityRoles: [{ name: 'Seller', privileges: { quote: { read: 'organization' } } }],
    columnSecurityProfiles: [{ name: 'Prices', columns: { quote: { price: ['read'] } } }],
  });
  const seller = { kind: 'user', businessUnitId: 'root', securityRoles: ['Seller'], licensed: true } as const;
  const principals = {
    jane: abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['Buyer'] }),
    sue: abilityFor(policy, { ...seller, id: 'sue' }),
    pia: abilityFor(policy, { ...seller, id: 'pia', columnSecurityProfiles: ['Prices'] }),
  };
  const quote = (extra: Record<string, unknown> = {}) =>
    subject('quote', {
      id: 'Q-1',
      requestedBy: 'jane',
      price: { amount: 120, currency: 'EUR' },
      notes: { text: 'rush' },
      ...extra,
    });
  return { policy, ...principals, quote };
}

const PATHS_BELOW_PRICE = ['price', 'price.amount', 'price.0', 'price[0]', 'price.amount.value'];

describe('columnOf', () => {
  it('names the first segment of a path, and a plain column itself', () => {
    expect(columnOf('price')).toBe('price');
    expect(columnOf('price.amount')).toBe('price');
    expect(columnOf('price.0')).toBe('price');
    expect(columnOf('price[0]')).toBe('price');
    expect(columnOf('.price')).toBe('');
  });
});

describe('a denied column denies every path below it', () => {
  it('a contact without the price column permission cannot read any path below price', () => {
    const { jane, quote } = setup();
    for (const field of PATHS_BELOW_PRICE) expect(jane.can('read', quote(), field), field).toBe(false);
    expect(jane.can('read', quote(), 'notes.text')).toBe(true);
    expect(jane.can('read', quote(), 'requestedBy')).toBe(true);
  });

  it('an internal user without the profile securing price cannot read any path below it', () => {
    const { sue, quote } = setup();
    for (const field of PATHS_BELOW_PRICE) expect(sue.can('read', quote(), field), field).toBe(false);
    expect(sue.can('read', quote(), 'notes.text')).toBe(true);
  });

  it('an internal user holding the profile reads every path below price', () => {
    const { pia, quote } = setup();
    for (const field of PATHS_BELOW_PRICE) expect(pia.can('read', quote(), field), field).toBe(true);
  });

  it('the type-level check (CASL over the table name) reads a path as its column too', () => {
    const { jane, sue, pia } = setup();
    expect(jane.can('read', 'quote', 'price.amount')).toBe(false);
    expect(sue.can('read', 'quote', 'price.amount')).toBe(false);
    expect(pia.can('read', 'quote', 'price.amount')).toBe(true);
    expect(jane.can('read', 'quote', 'notes.text')).toBe(true);
  });

  it('permittedColumns never lists a key whose path starts at a denied column', () => {
    const { jane, sue, pia, quote } = setup();
    const record = quote({ 'price.amount': 120, 'price[0]': 120 });
    expect(permittedColumns(jane, 'read', 'quote', record)).toEqual(['id', 'requestedBy', 'notes']);
    expect(permittedColumns(sue, 'read', 'quote', record)).toEqual(['id', 'requestedBy', 'notes']);
    expect(permittedColumns(pia, 'read', 'quote', record)).toContain('price.amount');
  });

  it('pickPermitted never copies a key whose path starts at a denied column', () => {
    const { jane, sue, pia, quote } = setup();
    const record = quote({ 'price.amount': 120, 'price[0]': 120 });
    for (const ability of [jane, sue]) {
      expect(pickPermitted(ability, 'read', record)).toEqual({
        id: 'Q-1',
        requestedBy: 'jane',
        notes: { text: 'rush' },
      });
    }
    expect(pickPermitted(pia, 'read', record)).toHaveProperty(['price.amount'], 120);
  });

  it('explain agrees with can on every path, for contacts and internal users', () => {
    const { jane, sue, pia, quote } = setup();
    const fields = [...PATHS_BELOW_PRICE, 'notes.text', 'requestedBy', '.price', 'constructor.name'];
    let allowed = 0;
    for (const ability of [jane, sue, pia] as PortalAbility[]) {
      for (const field of fields) {
        const can = ability.can('read', quote(), field);
        expect(explain(ability, 'read', quote(), { field }).allowed, field).toBe(can);
        if (can) allowed++;
      }
    }
    expect(allowed).toBeGreaterThan(0);
  });

  it('explain names the column permission missing for a path below price', () => {
    const { jane, quote } = setup();
    const why = explain(jane, 'read', quote(), { field: 'price.amount' });
    expect(why.allowed).toBe(false);
    expect(why.allowed === false && why.reason.code).toBe('column_not_granted');
  });

  it('allowsColumn decides a path by its column, on tables that list their fields too', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const access = jane.columnAccess.get('salesorder')!.get('read')!;
    expect(allowsColumn(access, 'price.amount')).toBe(false);
    expect(allowsColumn(access, 'status.code')).toBe(true);
    expect(jane.can('read', order('jane'), 'status.code')).toBe(true);
    expect(jane.can('read', order('jane'), 'price.amount')).toBe(false);
    expect(explain(jane, 'read', order('jane'), { field: 'status.code' }).allowed).toBe(true);
  });

  it('accessibleColumns lists the same columns as permittedColumns, never price for those denied it', () => {
    for (const principal of [contacts.jane, users.sue, users.pia]) {
      const ability = abilityFor(pricedPortal, principal);
      const columns = accessibleColumns(ability, 'read', 'salesorder', { dialect: 'postgres' });
      expect(columns.fields).toEqual(permittedColumns(ability, 'read', 'salesorder'));
      expect(columns.fields.includes('price')).toBe(principal === users.pia);
    }
  });
});

describe('a field that names no column', () => {
  it('__proto__, constructor, prototype and a path without a first segment are never allowed', () => {
    const { jane, pia, quote } = setup();
    const note = abilityFor(pricedPortal, contacts.jane);
    const fields = [
      '__proto__',
      'constructor',
      'prototype',
      'constructor.prototype',
      '__proto__.price',
      '.x',
    ];
    for (const ability of [jane, pia] as PortalAbility[]) {
      for (const field of fields) {
        expect(ability.can('read', quote(), field), field).toBe(false);
        expect(ability.can('read', 'quote', field), field).toBe(false);
        const why = explain(ability, 'read', quote(), { field });
        expect(why.allowed === false && why.reason.code, field).toBe('not_a_column');
      }
    }
    // On a table without any column rule too: row access covers columns, never these keys.
    const myNote = subject('note', { id: 'n', author: 'jane' });
    expect(note.can('read', myNote, 'author')).toBe(true);
    for (const field of fields) expect(note.can('read', myNote, field), field).toBe(false);
  });
});
