import { rulesToAST } from '@casl/ability/extra';
import type { PortalAbility } from '../ability/ability.js';
import type { Action } from '../ability/portal-subject.js';
import type { RowQuestion } from '../ability/row-question.js';
import type { Condition } from '../base/condition.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import {
  type AccessibleWhereOptions,
  conditionFragments,
  conditionWhere,
  type FragmentOptions,
  ownOptions,
  type SqlFilter,
  type SqlFragments,
} from './condition-where.js';
import { cachedFragment } from './fragment-cache.js';

// CASL's rulesFor type is computed from the ability's generics; our rules carry a `Condition` as their ast.
type LooseRulesToAST = (ability: object, action: string, table: string) => Condition | null;

/**
 * The SQL predicate selecting exactly the rows of `table` on which `ability` allows `action`: `TRUE` for an
 * unconditional grant, an always-false predicate when nothing is granted, otherwise comparisons on bound
 * parameters and `EXISTS` subqueries for parent chains and shares. Throws `PortalPermissionsError` for an
 * unknown table or dialect, an invalid mapped name, or a share condition on a table without a share table.
 * The answer is frozen (copy `params` to add to them) and, without a `mapping`, built once per ability,
 * action, table and options: the same request on the same ability answers the same object.
 *
 * @example
 * const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' });
 * await db.query(`SELECT * FROM salesorder WHERE ${sql} ORDER BY id LIMIT 50`, params);
 */
export function accessibleWhere<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, options]: [
    ...RowQuestion<TTypes, TTable, TAction>,
    options: AccessibleWhereOptions,
  ]
): SqlFilter {
  const own = ownOptions(options);
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  return cachedFragment(loose, 'where', action, table, own, () => {
    const condition = (rulesToAST as unknown as LooseRulesToAST)(loose, action, table);
    return conditionWhere(loose.policy, table, condition, own);
  });
}

/**
 * `accessibleWhere` cut at its placeholders, for the query-builder integrations that bind the values; frozen
 * and kept per ability like `accessibleWhere`'s answer.
 */
export function accessibleFragments<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, options]: [...RowQuestion<TTypes, TTable, TAction>, options: FragmentOptions]
): SqlFragments {
  const own = ownOptions(options);
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  return cachedFragment(loose, 'fragments', action, table, own, () => {
    const condition = (rulesToAST as unknown as LooseRulesToAST)(loose, action, table);
    return conditionFragments(loose.policy, table, condition, own);
  });
}
