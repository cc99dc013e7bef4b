import { describe, expect, it } from 'vitest';
import { contactScope } from '../../../src/policy/scopes/contact.js';
import { jane, permission, table, visitor } from './scope-context.js';

const orders = table('salesorder', {
  contact: 'orderedBy',
  account: 'customerAccount',
  legalEntity: 'company',
});
const terms = table('terms', {});
const relationshipOf = (on: typeof orders, fields: { name?: string; relationship?: string } = {}) =>
  contactScope.relationship({
    table: on,
    permission: { name: 'My orders', ...fields },
    parentTable: undefined,
    contactTable: 'contact',
  });
const missing = (fields: Parameters<typeof permission>[0], subject = jane, creating = false, on = orders) =>
  contactScope.missing?.({ table: on, permission: permission(fields), subject, creating, parent: undefined });

describe('the contact scope finds its relationship', () => {
  it("compares the table's contact field, or the permission's own relationship in its place", () => {
    expect(relationshipOf(orders)).toEqual({ field: 'orderedBy' });
    expect(relationshipOf(orders, { relationship: 'approvedBy' })).toEqual({ field: 'approvedBy' });
  });

  it('goes through a many-to-many relationship that links contacts, and refuses one that links accounts', () => {
    const link = (links: 'contact' | 'account') => ({
      links,
      field: 'linkedIds',
      intersect: 'order_link',
      recordColumn: 'orderId',
      relatedColumn: 'linkedId',
    });
    const linkedOrders = table('salesorder', {
      manyToMany: { followers: link('contact'), owners: link('account') },
    });
    expect(relationshipOf(linkedOrders, { relationship: 'followers' })).toEqual({
      field: 'linkedIds',
      manyToMany: 'followers',
    });
    expect(relationshipOf(linkedOrders, { relationship: 'owners' })).toEqual({
      problem:
        'table permission "My orders" uses scope "contact" through the many-to-many relationship "owners", which links accounts; use scope "account", or name a relationship of tables.salesorder.manyToMany that links contacts',
    });
  });

  it('asks the author to declare a contact relationship on a table without one', () => {
    expect(relationshipOf(terms)).toEqual({
      problem:
        'table permission "My orders" uses scope "contact" but table "terms" declares no contact relationship; add one under tables.terms.contact, set "relationship" on the permission, or use another scope',
    });
  });
});

describe('what a principal lacks for the contact scope', () => {
  it('a visitor lacks a contact id; a signed-in contact lacks nothing to read', () => {
    expect(missing({ scope: 'contact' }, visitor)).toBe('a contact id (they are not a signed-in contact)');
    expect(missing({ scope: 'contact' })).toBeUndefined();
  });

  it('a bound within the account needs the account number, a bound within the legal entity the legal entity', () => {
    const noAccount = { ...jane, accountId: undefined };
    const noEntity = { ...jane, legalEntity: undefined };
    expect(missing({ scope: 'contact', within: 'account' }, noAccount)).toBe(
      'an account number (its contact scope is bounded within their account)',
    );
    expect(missing({ scope: 'contact', within: 'legalEntity' }, noEntity)).toBe(
      'a legal entity (its contact scope is bounded within their legal entity)',
    );
    expect(missing({ scope: 'contact', within: 'legalEntity' }, noAccount)).toBeUndefined();
    expect(missing({ scope: 'contact', within: 'account' })).toBeUndefined();
  });

  it('creating on a table with an account field also needs the account, reading does not (D6)', () => {
    const noAccount = { ...jane, accountId: undefined };
    expect(missing({ scope: 'contact' }, noAccount, true)).toBe('an account number');
    expect(missing({ scope: 'contact' }, noAccount, false)).toBeUndefined();
    const notes = table('note', { contact: 'author' });
    expect(missing({ scope: 'contact' }, noAccount, true, notes)).toBeUndefined();
  });
});

describe('the rows the contact scope covers', () => {
  const cover = (fields: Parameters<typeof permission>[0], subject = jane, on = orders) =>
    contactScope.coverage({ table: on, permission: permission(fields), subject, parent: undefined });

  it('covers the rows naming the contact, and nothing for a visitor or a permission without a field', () => {
    expect(cover({ scope: 'contact', field: 'orderedBy' })).toEqual({
      operator: 'eq',
      field: 'orderedBy',
      value: 'jane',
    });
    expect(cover({ scope: 'contact', field: 'orderedBy' }, visitor)).toBeNull();
    expect(cover({ scope: 'contact' })).toBeNull();
  });

  it('through a many-to-many relationship, covers the rows linked to the contact', () => {
    expect(cover({ scope: 'contact', field: 'followerIds', manyToMany: 'followers' })).toEqual({
      operator: 'linked',
      field: 'followerIds',
      value: { relationship: 'followers', id: 'jane' },
    });
  });

  it('a bound keeps the rows in the contact’s company, and covers nothing when the contact lacks it (D20)', () => {
    expect(cover({ scope: 'contact', field: 'orderedBy', within: 'legalEntity' })).toEqual({
      operator: 'and',
      value: [
        { operator: 'eq', field: 'orderedBy', value: 'jane' },
        { operator: 'eq', field: 'company', value: 'usmf' },
      ],
    });
    expect(
      cover(
        { scope: 'contact', field: 'orderedBy', within: 'legalEntity' },
        { ...jane, legalEntity: undefined },
      ),
    ).toBeNull();
  });
});

describe('the records a contact may create under the contact scope (D6)', () => {
  const create = (fields: Parameters<typeof permission>[0], subject = jane, on = orders) =>
    contactScope.createCoverage?.({ table: on, permission: permission(fields), subject, parent: undefined });

  it('a new order names the contact and stays in her own account and legal entity', () => {
    expect(create({ scope: 'contact', field: 'orderedBy' })).toEqual({
      operator: 'and',
      value: [
        { operator: 'eq', field: 'orderedBy', value: 'jane' },
        {
          operator: 'and',
          value: [
            { operator: 'eq', field: 'customerAccount', value: 'X' },
            { operator: 'eq', field: 'company', value: 'usmf' },
          ],
        },
      ],
    });
  });

  it('a contact without an account creates nothing on a table with an account field', () => {
    expect(create({ scope: 'contact', field: 'orderedBy' }, { ...jane, accountId: undefined })).toBeNull();
  });

  it('a permission whose relationship is unresolved lets nobody create, whatever their company', () => {
    expect(create({ scope: 'contact' })).toBeNull();
  });

  it('on a table without an account field the new record need only name the contact', () => {
    const notes = table('note', { contact: 'author' });
    expect(create({ scope: 'contact', field: 'author' }, jane, notes)).toEqual({
      operator: 'eq',
      field: 'author',
      value: 'jane',
    });
  });

  it('a bound within the account already is the company condition, not repeated', () => {
    expect(create({ scope: 'contact', field: 'orderedBy', within: 'account' })).toEqual(
      contactScope.coverage({
        table: orders,
        permission: permission({ scope: 'contact', field: 'orderedBy', within: 'account' }),
        subject: jane,
        parent: undefined,
      }),
    );
  });
});
