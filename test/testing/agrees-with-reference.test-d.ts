import { describe, expectTypeOf, it } from 'vitest';
import type { PolicyInput } from '../../src/index.js';
import { assertAgreesWithReference } from '../../src/testing/index.js';
import { kitPolicy } from '../fixtures/kit-policy.js';

describe('assertAgreesWithReference takes the tables of a typed policy', () => {
  it('accepts declared tables and refuses a misspelt one', () => {
    const check = () => [
      assertAgreesWithReference(kitPolicy, { tables: ['salesorder', 'note'], actions: ['read'] }),
      // @ts-expect-error: "salesordr" is not a table of the policy
      assertAgreesWithReference(kitPolicy, { tables: ['salesordr'] }),
    ];
    expectTypeOf(check).toBeFunction();
  });

  it('accepts tables typed string, and any table of a plain policy document', () => {
    const tables: string[] = ['from a file'];
    const input: PolicyInput = { tables: {} };
    const check = () => [
      assertAgreesWithReference(kitPolicy, { tables }),
      assertAgreesWithReference(input, { tables: ['any table'] }),
    ];
    expectTypeOf(check).toBeFunction();
  });
});
