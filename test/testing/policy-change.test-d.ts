import { describe, expectTypeOf, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';
import { onlyNarrows, onlyWidens } from '../../src/testing/index.js';
import { kitPolicy } from '../fixtures/kit-policy.js';

describe('onlyWidens and onlyNarrows take the tables of either typed policy', () => {
  const proposed = definePolicy({ tables: { salesorder: {}, invoice: {} } });

  it('accept a table of either policy and refuse one of neither', () => {
    const check = () => {
      onlyWidens(kitPolicy, proposed, { tables: ['note', 'invoice'] });
      onlyNarrows(kitPolicy, proposed, { tables: ['salesorder'] });
      // @ts-expect-error: "salesordr" is a table of neither policy
      onlyWidens(kitPolicy, proposed, { tables: ['salesordr'] });
      // @ts-expect-error: "salesordr" is a table of neither policy
      onlyNarrows(kitPolicy, proposed, { tables: ['salesordr'] });
    };
    expectTypeOf(check).toBeFunction();
  });

  it('accept tables typed string, and any table when a policy is a plain document', () => {
    const tables: string[] = ['from a file'];
    const input: PolicyInput = { tables: {} };
    const check = () => {
      onlyWidens(kitPolicy, proposed, { tables });
      onlyNarrows(input, input, { tables: ['any table'] });
    };
    expectTypeOf(check).toBeFunction();
  });
});
