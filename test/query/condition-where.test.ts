import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/index.js';
import { conditionFragments, conditionWhere } from '../../src/query/condition-where.js';
import { treePolicy } from './trees.js';

const byA: Condition = { operator: 'eq', field: 'a', value: 'x' };

/** The error a call throws, or `undefined` when it returns. */
function thrown(call: () => unknown): unknown {
  try {
    call();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the options of an SQL filter', () => {
  it('options that are not an object name no dialect: refused as an unknown dialect, never a TypeError', () => {
    for (const options of [null, undefined]) {
      expect(() => conditionWhere(treePolicy, 't', byA, options as never)).toThrow(
        expect.objectContaining({ name: 'PortalPermissionsError', code: 'unknown_dialect' }),
      );
    }
  });

  it('an unknown dialect is refused at the path dialect, naming it and every supported dialect', () => {
    const error = thrown(() => conditionWhere(treePolicy, 't', byA, { dialect: 'mysql' as 'postgres' }));
    expect(error).toMatchObject({ code: 'unknown_dialect', path: ['dialect'] });
    expect((error as Error).message).toContain('"mysql"');
    expect((error as Error).message).toContain('"postgres", "sqlite"');
  });

  it('the first placeholder may be any positive integer, 1 included; anything else is refused at firstParameter, naming the value', () => {
    expect(conditionWhere(treePolicy, 't', byA, { dialect: 'postgres', firstParameter: 1 })).toEqual({
      sql: '"t"."a" = $1',
      params: ['x'],
    });
    for (const firstParameter of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      const error = thrown(() =>
        conditionWhere(treePolicy, 't', byA, { dialect: 'postgres', firstParameter }),
      );
      expect(error).toMatchObject({ code: 'invalid_first_parameter', path: ['firstParameter'] });
      expect((error as Error).message).toContain(`got ${String(firstParameter)}`);
    }
  });
});

describe('SQL fragments for query builders', () => {
  it('are the filter cut at its placeholders, one value between two strings', () => {
    const condition: Condition = { operator: 'or', value: [byA, { operator: 'eq', field: 'b', value: 'y' }] };
    expect(conditionFragments(treePolicy, 't', condition, { dialect: 'sqlite' })).toEqual({
      strings: ['("t"."a" = ', ' OR "t"."b" = ', ')'],
      params: ['x', 'y'],
    });
  });

  it('a condition naming a column with a NUL character is refused, never cut into misaligned fragments', () => {
    const nul: Condition = { operator: 'eq', field: 'a\u0000b', value: 'x' };
    expect(() => conditionFragments(treePolicy, 't', nul, { dialect: 'postgres' })).toThrow(
      expect.objectContaining({
        code: 'invalid_sql_identifier',
        path: ['mapping'],
        message: expect.stringContaining('NUL character'),
      }),
    );
  });
});
