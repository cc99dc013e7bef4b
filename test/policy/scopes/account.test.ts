import { describe, expect, it } from 'vitest';
import { accountScope, ownAccount } from '../../../src/policy/scopes/account.js';
import { jane, permission, table, visitor } from './scope-context.js';

const orders = table('salesorder', { account: 'customerAccount', legalEntity: 'company' });
const invoices = table('invoice', { account: 'customerAccount' });
const eq = (field: string, value: string) => ({ operator: 'eq', field, value });

describe('the account scope finds its relationship', () => {
  const relationshipOf = (on: typeof orders, relationship?: string) =>
    accountScope.relationship({
      table: on,
      permission: { name: 'Company orders', ...(relationship === undefined ? {} : { relationship }) },
      parentTable: undefined,
      contactTable: 'contact',
    });

  it("compares the table's account field, or the permission's own relationship in its place", () => {
    expect(relationshipOf(orders)).toEqual({ field: 'customerAccount' });
    expect(relationshipOf(orders, 'billedAccount')).toEqual({ field: 'billedAccount' });
  });

  it('refuses a many-to-many relationship that links contacts, not accounts', () => {
    const projects = table('project', {
      manyToMany: {
        members: {
          links: 'contact',
          field: 'memberIds',
          intersect: 'project_member',
          recordColumn: 'projectId',
          relatedColumn: 'contactId',
        },
      },
    });
    expect(relationshipOf(projects, 'members')).toEqual({
      problem:
        'table permission "Company orders" uses scope "account" through the many-to-many relationship "members", which links contacts; use scope "contact", or name a relationship of tables.project.manyToMany that links accounts',
    });
  });

  it('asks the author to declare an account relationship on a table without one', () => {
    expect(relationshipOf(table('terms'))).toEqual({
      problem:
        'table permission "Company orders" uses scope "account" but table "terms" declares no account relationship; add one under tables.terms.account, set "relationship" on the permission, or use scope "global"',
    });
  });
});

describe("the rows of the contact's own account", () => {
  it('on a table with a legal entity, an account is the pair (legal entity, account number) (D4)', () => {
    expect(ownAccount('customerAccount', orders, jane)).toEqual({
      operator: 'and',
      value: [eq('customerAccount', 'X'), eq('company', 'usmf')],
    });
    expect(ownAccount('customerAccount', orders, { ...jane, legalEntity: undefined })).toBeNull();
  });

  it('on a table without one, the account number alone; without an account number, nothing', () => {
    expect(ownAccount('customerAccount', invoices, { ...jane, legalEntity: undefined })).toEqual(
      eq('customerAccount', 'X'),
    );
    expect(ownAccount('customerAccount', invoices, { ...jane, accountId: undefined })).toBeNull();
  });

  it('through a many-to-many relationship, the rows linked to the account', () => {
    expect(ownAccount('accountIds', invoices, jane, 'members')).toEqual({
      operator: 'linked',
      field: 'accountIds',
      value: { relationship: 'members', id: 'X' },
    });
  });

  it('the scope covers its field’s rows, nothing for a visitor, nothing without a resolved field', () => {
    const cover = (fields: Parameters<typeof permission>[0], subject = jane) =>
      accountScope.coverage({ table: invoices, permission: permission(fields), subject, parent: undefined });
    expect(cover({ scope: 'account', field: 'customerAccount' })).toEqual(eq('customerAccount', 'X'));
    expect(cover({ scope: 'account', field: 'customerAccount' }, visitor)).toBeNull();
    expect(cover({ scope: 'account' })).toBeNull();
  });

  it('says a contact without an account number, or without the legal entity a table declares, lacks it', () => {
    const missing = (on: typeof orders, subject: typeof jane) =>
      accountScope.missing?.({
        table: on,
        permission: permission({ scope: 'account', field: 'customerAccount' }),
        subject,
        creating: false,
        parent: undefined,
      });
    expect(missing(orders, { ...jane, accountId: undefined })).toBe('an account number');
    expect(missing(orders, { ...jane, legalEntity: undefined })).toBe('a legal entity');
    expect(missing(invoices, { ...jane, legalEntity: undefined })).toBeUndefined();
    expect(missing(orders, jane)).toBeUndefined();
  });
});
