import { describe, expect, it } from 'vitest';
import { parentScope } from '../../../src/policy/scopes/parent.js';
import type { Coverage } from '../../../src/policy/scopes/scope.js';
import { jane, permission, table } from './scope-context.js';

const orders = table('salesorder', { key: 'orderid', contact: 'orderedBy' });
const lines = table('salesorderline', {
  parent: { salesorder: 'salesOrderId' },
  manyToMany: {
    orders: {
      links: 'contact',
      field: 'orderIds',
      intersect: 'line_order',
      recordColumn: 'lineId',
      relatedColumn: 'orderId',
    },
  },
});

describe('the parent scope finds its relationship', () => {
  const relationshipOf = (
    fields: { parent?: string; relationship?: string },
    parentTable: typeof orders | undefined,
    on = lines,
  ) =>
    parentScope.relationship({
      table: on,
      permission: { name: 'Lines of my orders', ...fields },
      parentTable,
      contactTable: 'contact',
    });

  it("compares the child table's field to the parent table, or the permission's own relationship", () => {
    expect(relationshipOf({ parent: 'My orders' }, orders)).toEqual({ field: 'salesOrderId' });
    expect(relationshipOf({ parent: 'My orders', relationship: 'originalOrderId' }, orders)).toEqual({
      field: 'originalOrderId',
    });
  });

  it('asks for a parent permission when none is named', () => {
    expect(relationshipOf({}, orders)).toEqual({
      problem:
        'table permission "Lines of my orders" uses scope "parent" but names no parent permission; set "parent" to the name of the parent table permission',
    });
  });

  it('leaves an unknown parent permission to the check that reports it', () => {
    expect(relationshipOf({ parent: 'Nowhere' }, undefined)).toEqual({});
  });

  it('asks for the relationship when the child table declares none to the parent table', () => {
    expect(relationshipOf({ parent: 'My orders' }, orders, table('terms'))).toEqual({
      problem:
        'table permission "Lines of my orders" has a parent on table "salesorder" but table "terms" declares no relationship to it; add tables.terms.parent.salesorder, or set "relationship" on the permission',
    });
  });

  it('refuses to go through a many-to-many relationship to the parent', () => {
    const result = relationshipOf({ parent: 'My orders', relationship: 'orders' }, orders);
    expect(result.problem).toContain(
      'through the many-to-many relationship "orders", which is not supported',
    );
  });
});

describe('the rows the parent scope covers (D5, D15)', () => {
  const cover = (coverage: Coverage | undefined, field: string | undefined) =>
    parentScope.coverage({
      table: lines,
      permission: permission({
        name: 'Lines of my orders',
        table: 'salesorderline',
        scope: 'parent',
        parent: 'My orders',
        ...(field === undefined ? {} : { field }),
      }),
      subject: jane,
      parent: coverage === undefined ? undefined : () => ({ table: orders, coverage }),
    });
  const mine = { operator: 'eq', field: 'orderedBy', value: 'jane' } as const;

  it("covers the child rows whose parent row the parent permission covers, by the parent table's key", () => {
    expect(cover(mine, 'salesOrderId')).toEqual({
      operator: 'parent',
      field: 'salesOrderId',
      value: { table: 'salesorder', key: 'orderid', condition: mine },
    });
  });

  it('under a global parent, still requires an existing parent row', () => {
    expect(cover(true, 'salesOrderId')).toEqual({
      operator: 'parent',
      field: 'salesOrderId',
      value: { table: 'salesorder', key: 'orderid' },
    });
  });

  it('covers nothing when the parent covers nothing, is unresolved, or the child has no field', () => {
    expect(cover(null, 'salesOrderId')).toBeNull();
    expect(cover(undefined, 'salesOrderId')).toBeNull();
    expect(cover(mine, undefined)).toBeNull();
  });

  it('says what the principal lacks for the parent permission, naming it, and nothing when it lacks nothing', () => {
    const missing = (found: { name: string; missing: string | undefined } | undefined) =>
      parentScope.missing?.({
        table: lines,
        permission: permission({ scope: 'parent', parent: 'Company orders' }),
        subject: jane,
        creating: false,
        parent: found === undefined ? undefined : () => found,
      });
    expect(missing({ name: 'Company orders', missing: 'an account number' })).toBe(
      'an account number, for the parent permission "Company orders"',
    );
    expect(missing({ name: 'Company orders', missing: undefined })).toBeUndefined();
    expect(missing(undefined)).toBeUndefined();
  });
});
