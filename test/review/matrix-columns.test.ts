import { describe, expect, it } from 'vitest';
import { accessDiffToMarkdown, accessMatrix, definePolicy, diffAccess } from '../../src/index.js';
import { contacts, order, pricedPortal, pricedPortalInput } from '../fixtures/column-security.js';

const people = { jane: contacts.jane, rita: contacts.rita };
const records = { 'SO-jane': order('jane') };

describe('access matrix with columns', () => {
  it('lists the columns each principal may read, without price for an authorized user', () => {
    const matrix = accessMatrix(pricedPortal, people, records, { columns: true });
    const [jane, rita] = matrix.rows[0]!.cells;
    expect(jane!.columns?.read).not.toContain('price');
    expect(jane!.columns?.read).toContain('status');
    expect(rita!.columns?.read).toContain('price');
  });

  it('leaves columns out unless asked', () => {
    expect(accessMatrix(pricedPortal, people, records).rows[0]!.cells[0]).not.toHaveProperty('columns');
  });
});

describe('access diff with columns', () => {
  it('reports a column an authorized user gains while row access stays the same', () => {
    const after = definePolicy({
      ...pricedPortalInput,
      columnPermissions: [
        {
          ...pricedPortalInput.columnPermissions[0],
          columns: { price: ['read'], total: [], status: ['read'] },
        },
        pricedPortalInput.columnPermissions[1],
      ],
    });
    const diff = diffAccess(pricedPortal, after, people, records, { actions: ['read'] });
    expect(diff.changes).toEqual([
      {
        principal: 'jane',
        widened: [{ record: 'SO-jane', table: 'salesorder', action: 'read', field: 'price' }],
        narrowed: [],
      },
    ]);
    expect(accessDiffToMarkdown(diff)).toContain('- widened: read column price of SO-jane (salesorder)');
    expect(
      diffAccess(pricedPortal, after, people, records, { actions: ['read'], columns: false }).changes,
    ).toEqual([]);
  });

  it('reports a row change once, without listing its columns', () => {
    const { columnPermissions: _ignored, ...rest } = pricedPortalInput;
    const after = definePolicy({ ...rest, tablePermissions: rest.tablePermissions.slice(1) });
    const diff = diffAccess(pricedPortal, after, people, records, { actions: ['read'] });
    expect(diff.changes.find((change) => change.principal === 'rita')?.narrowed).toEqual([
      { record: 'SO-jane', table: 'salesorder', action: 'read' },
    ]);
  });
});
