import type { PortalAbility } from '../ability/ability.js';
import type { Action, ActionArgument, TableArgument } from '../ability/portal-subject.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { sqlTablesOf } from './sql-mapping.js';

/**
 * The records of `table` on which `ability` allows `action`, in their order: the in-memory twin of
 * `accessibleWhere`, deciding each record with the very predicate `ability.can` uses for a tagged record.
 * Records are plain (untagged) objects and are neither tagged nor modified. Throws `PortalPermissionsError`
 * for a table the policy does not declare.
 *
 * @example
 * const visible = filterAccessible(ability, 'read', 'salesorder', await loadOrders());
 */
export function filterAccessible<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TRecord,
  TAction extends string = Action,
>(
  ability: PortalAbility<TTypes>,
  action: ActionArgument<TTypes, TTable, TAction>,
  table: TableArgument<TTypes, TTable>,
  records: readonly TRecord[],
): TRecord[] {
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  sqlTablesOf(loose.policy)(table);
  const allows = loose.predicateFor(action, table);
  return records.filter((record) => allows(record));
}
