import type { Condition, ParentCondition } from '../base/condition.js';

/**
 * Whether a `parent` condition only asks for a share of the related row (or, along further relationships,
 * of an ancestor): the trees cascaded shares compile to. Their subquery is computed once per query even in
 * the top-level AND list (an uncorrelated `IN` on PostgreSQL, see `SqlDialect.memberOfSubquery`): the
 * shared parents are few, the child rows many, so the database starts from the shares, not from the rows.
 */
export function onlyAsksForAShare(condition: ParentCondition): boolean {
  let inner: Condition | undefined = condition.value.condition;
  while (inner?.operator === 'parent') inner = inner.value.condition;
  return inner?.operator === 'shared';
}
