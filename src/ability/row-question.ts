import type { PolicyTypesLike } from '../policy/policy-types.js';
import type { PortalAbility } from './ability.js';
import type { ActionArgument, TableArgument } from './portal-subject.js';

/**
 * The leading arguments of every question about the rows of one table (`accessibleWhere`,
 * `accessibleColumns`, `permittedColumns`, the Kysely and Drizzle filters): the ability, an action that can be
 * granted on rows, and the table. Written literally, the table must be one the ability's policy declares and
 * the action one rows can be granted; typed `string` or `Action`, both are checked at run time. A function
 * takes them as `...[ability, action, table, …rest]: [...RowQuestion<TTypes, TTable, TAction>, …rest]`, so
 * that every such signature checks names the same way.
 */
export type RowQuestion<TTypes extends PolicyTypesLike, TTable extends string, TAction extends string> = [
  ability: PortalAbility<TTypes>,
  action: ActionArgument<TTypes, TTable, TAction>,
  table: TableArgument<TTypes, TTable>,
];
