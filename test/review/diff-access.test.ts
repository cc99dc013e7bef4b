import { describe, expect, it } from 'vitest';
import { accessDiffToMarkdown, definePolicy, diffAccess } from '../../src/index.js';
import { customerPortal, customerPortalInput, order, orders, people } from '../fixtures/customer-portal.js';

const records = Object.fromEntries(
  (Object.keys(orders) as (keyof typeof orders)[]).map((key) => [orders[key].id, order(key)]),
);

describe('diffing access', () => {
  it("adding the Customer representative role to Jane opens exactly Sam's order", () => {
    const jane = { ...people.jane, webRoles: [...people.jane.webRoles, 'Customer representative'] };
    const diff = diffAccess(
      customerPortal,
      { policy: customerPortal, principals: { jane } },
      people,
      records,
    );
    expect(diff.changes).toEqual([
      { principal: 'jane', widened: [{ record: 'SO-2', table: 'salesorder', action: 'read' }], narrowed: [] },
    ]);
    expect(accessDiffToMarkdown(diff)).toBe('## jane\n\n- widened: read SO-2 (salesorder)\n');
  });

  it('deactivating "My orders" narrows Jane and Sam to nothing, grouped by principal', () => {
    const after = definePolicy({
      ...customerPortalInput,
      tablePermissions: customerPortalInput.tablePermissions.map((permission) =>
        permission.name === 'My orders' ? { ...permission, active: false } : permission,
      ),
    });
    const diff = diffAccess(customerPortal, after, people, records, { actions: ['read', 'create'] });
    expect(diff.changes).toEqual([
      {
        principal: 'jane',
        widened: [],
        narrowed: [
          { record: 'SO-1', table: 'salesorder', action: 'read' },
          { record: 'SO-1', table: 'salesorder', action: 'create' },
        ],
      },
      {
        principal: 'sam',
        widened: [],
        narrowed: [
          { record: 'SO-2', table: 'salesorder', action: 'read' },
          { record: 'SO-2', table: 'salesorder', action: 'create' },
        ],
      },
    ]);
  });

  it('reports no change for an identical policy', () => {
    const diff = diffAccess(customerPortal, definePolicy(customerPortalInput), people, records);
    expect(diff.changes).toEqual([]);
    expect(accessDiffToMarkdown(diff)).toMatch(/^No decision changes/);
  });

  it('reports a principal the new policy refuses, who then has no access', () => {
    const after = definePolicy({
      ...customerPortalInput,
      webRoles: customerPortalInput.webRoles.filter((role) => role.name !== 'Unauthorized user'),
    });
    const diff = diffAccess(customerPortal, after, people, records, { actions: ['read'] });
    expect(diff.changes).toEqual([]);
    expect(diff.problems).toEqual([
      expect.objectContaining({ principal: 'may', side: 'after', code: 'invalid_principal' }),
    ]);
  });

  it('a polluted Object.prototype.policy does not replace either side of the diff', () => {
    const after = definePolicy({
      ...customerPortalInput,
      tablePermissions: customerPortalInput.tablePermissions.map((permission) =>
        permission.name === 'My orders' ? { ...permission, active: false } : permission,
      ),
    });
    const expected = diffAccess(customerPortal, after, people, records).changes;
    expect(expected).not.toEqual([]);
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.policy = customerPortal;
      expect(diffAccess(customerPortal, after, people, records).changes).toEqual(expected);
    } finally {
      delete proto.policy;
    }
  });
});
