import type { Condition, ParentCondition } from '../base/condition.js';

/**
 * Whether a `parent` condition only asks for a share of the related row (or, along further relationships,
 * of an ancestor): the trees cascaded shares compile to. Their SQL is written as an uncorrelated `IN`
 * subquery, which the database evaluates once per query (a hashed subplan) instead of once per row as a
 * correlated `EXISTS` through the parent would be.
 */
export function onlyAsksForAShare(condition: ParentCondition): boolean {
  let inner: Condition | undefined = condition.value.condition;
  while (inner?.operator === 'parent') inner = inner.value.condition;
  return inner?.operator === 'shared';
}
