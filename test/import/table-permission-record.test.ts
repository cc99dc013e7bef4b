import { describe, expect, it } from 'vitest';
import type { SiteRecord } from '../../src/import/site-record.js';
import { readPermissionRecord } from '../../src/import/table-permission-record.js';

const record = (fields: Record<string, unknown>): SiteRecord => ({
  kind: 'tablePermission',
  file: 'a.tablepermission.yml',
  fields,
});

describe('reading a table permission record', () => {
  it('reads each scope option with the relationship column that scope names', () => {
    const relationships = {
      contactrelationship: 'c_rel',
      accountrelationship: 'a_rel',
      parentrelationship: 'p_rel',
    };
    const read = (scope: number) => {
      const { scope: mapped, relationship } = readPermissionRecord(record({ scope, ...relationships }));
      return [mapped, relationship];
    };
    expect([756150000, 756150001, 756150002, 756150003, 756150004].map(read)).toEqual([
      ['global', undefined],
      ['contact', 'c_rel'],
      ['account', 'a_rel'],
      ['parent', 'p_rel'],
      ['self', undefined],
    ]);
  });

  it('an unknown scope option, or one named like an inherited member, has no scope', () => {
    for (const scope of [756150005, 1, 'global', 'constructor', undefined]) {
      const read = readPermissionRecord(record({ scope }));
      expect(read.scope, String(scope)).toBeUndefined();
      expect(read.relationship).toBeUndefined();
    }
    expect(readPermissionRecord(record({ scope: '756150002' })).scopeOption).toBe(756150002);
    // A scope that reads no relationship never takes one from a field named like no column.
    expect(readPermissionRecord(record({ scope: 756150000, undefined: 'x' })).relationship).toBeUndefined();
  });

  it('each privilege is read from its own column; only yes grants', () => {
    expect(
      readPermissionRecord(
        record({ read: false, write: true, create: 'true', delete: 1, append: 'yes', appendto: true }),
      ).privileges,
    ).toEqual(['write', 'create', 'delete', 'appendTo']);
    expect(readPermissionRecord(record({ read: true })).privileges).toEqual(['read']);
    expect(readPermissionRecord(record({ adx_append: true })).privileges).toEqual(['append']);
  });

  it('the table is lower-cased and must be a plain identifier', () => {
    expect(readPermissionRecord(record({ entitylogicalname: 'SalesOrder' })).table).toBe('salesorder');
    for (const entitylogicalname of ['sales order', 'a"b', '', 42.5])
      expect(
        readPermissionRecord(record({ entitylogicalname })).table,
        String(entitylogicalname),
      ).toBeUndefined();
  });

  it('the id, name, roles and parent are read under either spelling', () => {
    expect(
      readPermissionRecord(
        record({
          entitypermissionid: 'P-1',
          entityname: 'Orders',
          name: 'ignored',
          adx_entitypermission_webrole: ['R-1', 'r-2'],
          parententitypermission: 'P-0',
        }),
      ),
    ).toMatchObject({ id: 'p-1', name: 'Orders', roleIds: ['r-1', 'r-2'], parentId: 'p-0' });
    expect(readPermissionRecord(record({ id: 'A', entitypermissionid: 'B', name: 'N' }))).toMatchObject({
      id: 'a',
      name: 'N',
    });
  });
});
