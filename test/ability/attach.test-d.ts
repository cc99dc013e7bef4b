import { describe, expectTypeOf, it } from 'vitest';
import { canAssign, canAttach, canCreateAttached } from '../../src/index.js';

describe('the attach helpers take records only', () => {
  it('refuses bare table names', () => {
    expectTypeOf(canAssign).parameter(1).not.toEqualTypeOf<string>();
    type Ability = Parameters<typeof canAssign>[0];
    const check = (ability: Ability) => {
      // @ts-expect-error a table name is not a record
      canAssign(ability, 'salesorder');
      // @ts-expect-error a table name is not a record
      canAttach(ability, 'note', 'salesorder');
      // @ts-expect-error a table name is not a record
      canCreateAttached(ability, 'note', 'salesorder');
    };
    expectTypeOf(check).toBeFunction();
  });
});
