import type { AnyAbility } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import type { Action, PortalAbility } from '../ability/ability.js';
import type { Condition } from '../base/condition.js';
import {
  type AccessibleWhereOptions,
  conditionFragments,
  conditionWhere,
  type FragmentOptions,
  type SqlFilter,
  type SqlFragments,
} from './condition-where.js';

// CASL's rulesFor type is computed from the ability's generics; our rules carry a `Condition` as their ast.
type LooseRulesToAST = (ability: AnyAbility, action: string, table: string) => Condition | null;

/**
 * The SQL predicate selecting exactly the rows of `table` on which `ability` allows `action`: `TRUE` for an
 * unconditional grant, an always-false predicate when nothing is granted, otherwise comparisons on bound
 * parameters and `EXISTS` subqueries for parent chains and shares. Throws `PortalPermissionsError` for an
 * unknown table or dialect, an invalid mapped name, or a share condition on a table without a share table.
 *
 * @example
 * const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' });
 * await db.query(`SELECT * FROM salesorder WHERE ${sql} ORDER BY id LIMIT 50`, params);
 */
export function accessibleWhere<TTable extends string>(
  ability: PortalAbility<TTable>,
  action: Action,
  table: TTable,
  options: AccessibleWhereOptions,
): SqlFilter {
  const condition = (rulesToAST as unknown as LooseRulesToAST)(ability, action, table);
  return conditionWhere(ability.policy, table, condition, options);
}

/** `accessibleWhere` cut at its placeholders, for the query-builder integrations that bind the values. */
export function accessibleFragments<TTable extends string>(
  ability: PortalAbility<TTable>,
  action: Action,
  table: TTable,
  options: FragmentOptions,
): SqlFragments {
  const condition = (rulesToAST as unknown as LooseRulesToAST)(ability, action, table);
  return conditionFragments(ability.policy, table, condition, options);
}
