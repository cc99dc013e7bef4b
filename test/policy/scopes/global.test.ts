import { describe, expect, it } from 'vitest';
import { globalScope } from '../../../src/policy/scopes/global.js';
import { permission, table, visitor } from './scope-context.js';

describe('the global scope', () => {
  it('needs no relationship and covers every row, even for a visitor', () => {
    const terms = table('terms');
    expect(
      globalScope.relationship({
        table: terms,
        permission: { name: 'Terms' },
        parentTable: undefined,
        contactTable: 'contact',
      }),
    ).toEqual({});
    expect(
      globalScope.coverage({
        table: terms,
        permission: permission({ scope: 'global' }),
        subject: visitor,
        parent: undefined,
      }),
    ).toBe(true);
  });
});
