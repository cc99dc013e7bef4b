import { describe, expect, it } from 'vitest';
import { selfScope } from '../../../src/policy/scopes/self.js';
import { jane, permission, table, visitor } from './scope-context.js';

const contacts = table('contact', { key: 'contactid' });

describe('the self scope', () => {
  const relationshipOf = (name: string, contactTable = 'contact') =>
    selfScope.relationship({
      table: table(name),
      permission: { name: 'Me' },
      parentTable: undefined,
      contactTable,
    });

  it('applies to the contact table only, and says which table that is elsewhere', () => {
    expect(relationshipOf('contact')).toEqual({});
    expect(relationshipOf('person', 'person')).toEqual({});
    expect(relationshipOf('salesorder')).toEqual({
      problem:
        'table permission "Me" uses scope "self" on table "salesorder", but self only applies to the contact table "contact"; use scope "contact" or set "contactTable" in the policy',
    });
  });

  it("covers the contact's own row by the table's key, and nothing for a visitor", () => {
    const cover = (subject: typeof jane) =>
      selfScope.coverage({
        table: contacts,
        permission: permission({ scope: 'self' }),
        subject,
        parent: undefined,
      });
    expect(cover(jane)).toEqual({ operator: 'eq', field: 'contactid', value: 'jane' });
    expect(cover(visitor)).toBeNull();
  });

  it('a visitor lacks a contact id; a contact lacks nothing', () => {
    const missing = (subject: typeof jane) =>
      selfScope.missing?.({
        table: contacts,
        permission: permission({ scope: 'self' }),
        subject,
        creating: false,
        parent: undefined,
      });
    expect(missing(visitor)).toBe('a contact id (they are not a signed-in contact)');
    expect(missing(jane)).toBeUndefined();
  });
});
