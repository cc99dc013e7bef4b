import { describe, expectTypeOf, it } from 'vitest';
import type { PolicyInput } from '../../src/index.js';
import { arbitraryRecord } from '../../src/testing/index.js';
import { kitPolicy } from '../fixtures/kit-policy.js';

describe('arbitraryRecord takes the tables of a typed policy', () => {
  it('accepts a declared table and refuses a misspelt one', () => {
    const build = () => [
      arbitraryRecord(kitPolicy, 'salesorder'),
      arbitraryRecord(kitPolicy, 'note', 1),
      // @ts-expect-error: "salesordr" is not a table of the policy
      arbitraryRecord(kitPolicy, 'salesordr'),
    ];
    expectTypeOf(build).toBeFunction();
  });

  it('accepts a table typed string, and any table of a plain policy document', () => {
    const table: string = 'from a route';
    const input: PolicyInput = { tables: {} };
    const build = () => [arbitraryRecord(kitPolicy, table), arbitraryRecord(input, 'any table')];
    expectTypeOf(build).toBeFunction();
  });
});
