import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  canCreate,
  canCreateAttached,
  definePolicy,
  isPortalPermissionsError,
  permittedColumns,
  pickPermitted,
  subject,
} from '../../src/index.js';
import { contacts, order, pricedPortal, pricedPortalInput, users } from '../fixtures/column-security.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isPortalPermissionsError(error) ? error.code : 'not a PortalPermissionsError';
  }
  return undefined;
};

describe('permittedColumns', () => {
  it('lists the declared columns an authorized user may read on their order, without price and total', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(permittedColumns(jane, 'read', 'salesorder', order('jane'))).toEqual([
      'id',
      'orderedBy',
      'customerAccount',
      'company',
      'ownerId',
      'owningBusinessUnitId',
      'status',
    ]);
  });

  it('lists no column of a row the principal cannot read', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(permittedColumns(jane, 'read', 'salesorder', order('sam'))).toEqual([]);
  });

  it('accepts an untagged record and lists its columns for some row without one', () => {
    const tom = abilityFor(pricedPortal, users.tom);
    const { price: _price, ...plain } = order('jane');
    expect(permittedColumns(tom, 'read', 'salesorder', plain)).toContain('total');
    expect(permittedColumns(tom, 'read', 'salesorder')).not.toContain('price');
  });

  it('refuses a record tagged with another table, an unknown table, and a table whose columns are unknown', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(codeOf(() => permittedColumns(jane, 'read', 'note', order('jane')))).toBe('record_table_mismatch');
    expect(codeOf(() => permittedColumns(jane, 'read', 'salesordr' as 'note'))).toBe('unknown_table');
    expect(codeOf(() => permittedColumns(jane, 'read', 'note'))).toBe('columns_unknown');
    expect(permittedColumns(jane, 'read', 'note', { id: 'n', author: 'jane', body: 'b' })).toEqual([
      'id',
      'author',
      'body',
    ]);
  });
});

describe('pickPermitted', () => {
  it('copies only the readable fields of an order for an authorized user', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const copy = pickPermitted(jane, 'read', order('jane'));
    expect(copy).not.toHaveProperty('price');
    expect(copy).not.toHaveProperty('total');
    expect(copy).toMatchObject({ id: 'SO-jane', status: 'open' });
  });

  it('keeps price and total for a representative', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    expect(pickPermitted(rita, 'read', order('jane'))).toMatchObject({ price: 120, total: 144 });
  });

  it('gives an empty copy of a row the principal cannot read', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(pickPermitted(jane, 'read', order('sam'))).toEqual({});
  });

  it('never copies an inherited field', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    const record = Object.assign(Object.create({ price: 1 }), { ...order('jane') });
    delete record.price;
    expect(pickPermitted(rita, 'read', subject('salesorder', record))).not.toHaveProperty('price');
  });

  it('never copies an empty field name, which CASL would read as "any field"', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    expect(Object.hasOwn(pickPermitted(rita, 'read', order('jane', { '': 'secret' })), '')).toBe(false);
  });

  it('refuses an untagged record', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    expect(() => pickPermitted(rita, 'read', { id: 'x' } as never)).toThrow(/subject\(table, record\)/);
  });
});

describe('creates and column security', () => {
  it('an authorized user creates an order without a price but not one that sets it, nor its read-only status', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const { price: _price, total: _total, status: _status, ...creatable } = order('jane');
    expect(canCreate(jane, subject('salesorder', creatable))).toBe(true);
    expect(canCreate(jane, subject('salesorder', { ...creatable, status: 'open' }))).toBe(false);
    expect(canCreate(jane, order('jane'))).toBe(false);
  });

  it('a create the row permission refuses stays refused whatever the columns', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(
      canCreate(jane, subject('salesorder', { orderedBy: 'sam', customerAccount: 'X', company: 'usmf' })),
    ).toBe(false);
  });

  it('creating an attached child refuses a field without create', () => {
    const policy = definePolicy({
      tables: { parentrow: { contact: 'owner' }, childrow: { parent: { parentrow: 'parentId' } } },
      webRoles: [{ name: 'R' }],
      tablePermissions: [
        {
          name: 'P',
          table: 'parentrow',
          scope: 'contact',
          privileges: ['read', 'appendTo'],
          webRoles: ['R'],
        },
        {
          name: 'C',
          table: 'childrow',
          scope: 'parent',
          parent: 'P',
          privileges: ['read', 'create', 'append'],
          webRoles: ['R'],
        },
      ],
      columnPermissions: [
        {
          name: 'Child columns',
          table: 'childrow',
          webRoles: ['R'],
          allColumns: ['read', 'create'],
          columns: { locked: ['read'] },
        },
      ],
    });
    const ability = abilityFor(policy, { kind: 'contact', id: 'c1', webRoles: ['R'] });
    const parent = subject('parentrow', { id: 'p1', owner: 'c1' });
    const child = (extra: object) =>
      subject('childrow', { id: 'k1', parentId: 'p1', parentrow: { id: 'p1', owner: 'c1' }, ...extra });
    expect(canCreateAttached(ability, child({}), parent)).toBe(true);
    expect(canCreateAttached(ability, child({ locked: true }), parent)).toBe(false);
  });

  it('the fixture declares the fields the examples use', () => {
    expect(pricedPortalInput.tables.salesorder.fields).toContain('price');
  });
});
