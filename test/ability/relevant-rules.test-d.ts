import { describe, expectTypeOf, it } from 'vitest';
import { type Action, abilityFor } from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';

const row = { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' };
const ability = abilityFor(customerPortal, people.jane);

describe('the types of decidingRule', () => {
  it('takes the names of the policy, as check does', () => {
    ability.decidingRule('read', 'salesorder', row);
    // @ts-expect-error: "salesordr" is not a table of the policy
    ability.decidingRule('read', 'salesordr', row);
    // @ts-expect-error: view is an action on pages, not on rows
    ability.decidingRule('view', 'salesorder', row);
    const table: string = 'from the route';
    const action: Action = 'read';
    ability.decidingRule(action, table, row);
  });

  it('answers what relevantRuleFor answers: a CASL rule with its origin, or null', () => {
    expectTypeOf(ability.decidingRule('read', 'salesorder', row)).toEqualTypeOf<
      ReturnType<typeof ability.relevantRuleFor>
    >();
  });
});
