import { describe, expect, it } from 'vitest';
import {
  fieldOf,
  flagOf,
  idOf,
  idsOf,
  isInactive,
  optionOf,
  type SiteRecord,
  textOf,
} from '../../src/import/site-record.js';

const record = (fields: Record<string, unknown>): SiteRecord => ({ kind: 'webRole', file: 'a.yml', fields });

describe('reading the fields of a site record', () => {
  it('a field is read under its plain, adx_ or mspp_ spelling, the plain one first', () => {
    expect(fieldOf(record({ name: 'plain', adx_name: 'adx' }), 'name')).toBe('plain');
    expect(fieldOf(record({ adx_name: 'adx', mspp_name: 'mspp' }), 'name')).toBe('adx');
    expect(fieldOf(record({ mspp_name: 'mspp' }), 'name')).toBe('mspp');
    expect(fieldOf(record({ other_name: 'x' }), 'name')).toBeUndefined();
  });

  it('an inherited field is never read', () => {
    const fields = Object.create({ name: 'inherited', adx_statecode: 1 }) as Record<string, unknown>;
    expect(fieldOf(record(fields), 'name')).toBeUndefined();
    expect(isInactive(record(fields))).toBe(false);
  });

  it('text is trimmed; blank, missing or non-text values are no text; a finite number is its digits', () => {
    expect(textOf(record({ name: '  Sales  ' }), 'name')).toBe('Sales');
    expect(textOf(record({ name: 42 }), 'name')).toBe('42');
    for (const name of ['   ', '', true, null, Number.NaN, Number.POSITIVE_INFINITY, ['a'], { a: 1 }])
      expect(textOf(record({ name }), 'name'), String(name)).toBeUndefined();
  });

  it('ids are lower-cased, as Dataverse compares GUIDs', () => {
    expect(idOf(record({ id: ' ABC-Def ' }), 'id')).toBe('abc-def');
    expect(idOf(record({}), 'id')).toBeUndefined();
  });

  it('only true, 1 or the text "true" is yes; anything else is no', () => {
    for (const value of [true, 1, 'true', ' TRUE '])
      expect(flagOf(record({ flag: value }), 'flag'), String(value)).toBe(true);
    for (const value of [false, 0, 2, 'yes', 'false', '1', null, undefined, {}])
      expect(flagOf(record({ flag: value }), 'flag'), String(value)).toBe(false);
  });

  it('an option is an integer, written as a number or as digits; anything else is no option', () => {
    expect(optionOf(record({ scope: 756150001 }), 'scope')).toBe(756150001);
    expect(optionOf(record({ scope: ' -3 ' }), 'scope')).toBe(-3);
    expect(optionOf(record({ scope: '756150002' }), 'scope')).toBe(756150002);
    for (const scope of ['1.5', 1.5, '12a', '', 'one', true, null, '+5', '1e3', '0x10', ' ', '-', [5], ['5']])
      expect(optionOf(record({ scope }), 'scope'), String(scope)).toBeUndefined();
  });

  it('a list of ids is read from the first field present, lower-cased, non-text entries dropped', () => {
    expect(idsOf(record({ roles: [' A ', 'b', 42, '', '   ', null] }), 'roles')).toEqual(['a', 'b']);
    expect(idsOf(record({ roles: 'One' }), 'roles')).toEqual(['one']);
    expect(idsOf(record({ other: ['x'], roles: ['y'] }), 'missing', 'roles', 'other')).toEqual(['y']);
    expect(idsOf(record({ roles: null, other: ['x'] }), 'roles', 'other')).toEqual(['x']);
    expect(idsOf(record({}), 'roles')).toEqual([]);
  });

  it('a record is inactive only when its statecode is 1', () => {
    expect(isInactive(record({ statecode: 1 }))).toBe(true);
    expect(isInactive(record({ adx_statecode: '1' }))).toBe(true);
    for (const statecode of [0, '0', undefined, 'inactive'])
      expect(isInactive(record({ statecode })), String(statecode)).toBe(false);
  });
});
