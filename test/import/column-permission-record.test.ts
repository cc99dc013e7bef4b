import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  COLUMN_ACTION_OPTIONS,
  COLUMN_ACTION_VALUES,
  hasNestedRecords,
} from '../../src/import/column-permission-record.js';
import type { SiteRecord } from '../../src/import/site-record.js';

const record = (fields: Record<string, unknown>): SiteRecord => ({
  kind: 'columnPermission',
  file: 'a.columnpermission.yml',
  fields,
});

describe('reading a column permission record', () => {
  it('the three option values grant create, read and update, listed read, create, update, however they are written', () => {
    expect(
      actionsOf(record({ permissions: [746610002, '746610000', ' 746610001 '] }), 'permissions'),
    ).toEqual({
      actions: ['read', 'create', 'update'],
      unknown: [],
      empty: false,
    });
    expect(actionsOf(record({ permissions: '746610001;746610002' }), 'permissions').actions).toEqual([
      'read',
      'update',
    ]);
    expect(actionsOf(record({ permissions: '746610001, 746610000,' }), 'permissions').actions).toEqual([
      'read',
      'create',
    ]);
    expect(actionsOf(record({ permissions: 746610001 }), 'permissions').actions).toEqual(['read']);
  });

  it('any other value grants nothing and is reported as written', () => {
    expect(
      actionsOf(
        record({ permissions: [746610003, 'read', { all: true }, true, '7466100011'] }),
        'permissions',
      ),
    ).toEqual({
      actions: [],
      unknown: ['746610003', 'read', '{"all":true}', 'true', '7466100011'],
      empty: false,
    });
  });

  it('an option value written in another notation (a decimal point, an exponent, a sign) grants nothing', () => {
    for (const written of ['746610001.0', '7.46610001e8', '+746610001', '746610001x', 'x746610001'])
      expect(actionsOf(record({ permissions: [written] }), 'permissions'), written).toEqual({
        actions: [],
        unknown: [written],
        empty: false,
      });
  });

  it('a value inside a nested list grants nothing, even when it spells an option', () => {
    expect(actionsOf(record({ permissions: [[746610001], ['746610002']] }), 'permissions')).toEqual({
      actions: [],
      unknown: ['[746610001]', '["746610002"]'],
      empty: false,
    });
  });

  it('each column action is written back as the option value it is read from', () => {
    for (const [value, action] of Object.entries(COLUMN_ACTION_OPTIONS))
      expect(COLUMN_ACTION_VALUES[action], action).toBe(Number(value));
    expect(Object.keys(COLUMN_ACTION_VALUES).sort()).toEqual(['create', 'read', 'update']);
  });

  it('a missing, null or blank field holds no value', () => {
    for (const permissions of [undefined, null, '', ' , ', []])
      expect(actionsOf(record({ permissions }), 'permissions'), String(permissions)).toEqual({
        actions: [],
        unknown: [],
        empty: true,
      });
  });

  it('a record with a list of objects is nested; lists of values and plain objects are not', () => {
    expect(hasNestedRecords(record({ columns: [{ name: 'a' }] }))).toBe(true);
    expect(hasNestedRecords(record({ columns: ['a', { name: 'b' }] }))).toBe(true);
    expect(hasNestedRecords(record({ columns: ['a', null, 1] }))).toBe(false);
    expect(hasNestedRecords(record({ column: { name: 'a' } }))).toBe(false);
  });
});
