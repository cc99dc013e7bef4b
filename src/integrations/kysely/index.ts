// The `portal-permissions/kysely` entry: an ability's SQL filter as a Kysely expression. Kysely is an
// optional peer dependency; the core entry never loads this module (test/integrations/package-exports.test.ts).
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { PortalAbility } from '../../ability/ability.js';
import type { Action } from '../../ability/portal-subject.js';
import type { RowQuestion } from '../../ability/row-question.js';
import type { PolicyTypesLike } from '../../policy/policy-types.js';
import { accessibleFragments } from '../../query/accessible-where.js';
import type { FragmentOptions } from '../../query/condition-where.js';

/** How `whereAccessible` writes its expression: `accessibleWhere`'s options, Kysely numbering the parameters. */
export type KyselyWhereOptions = FragmentOptions;

/**
 * The rows of `table` on which `ability` allows `action`, as a boolean Kysely expression for `.where(...)`:
 * the SQL `accessibleWhere` writes (same quoting, same mapping of table and column names), every value
 * bound by Kysely. Pass the dialect of the Kysely instance, and `alias` when the query aliases the table.
 *
 * @example
 * const orders = await db.selectFrom('salesorder').selectAll()
 *   .where(whereAccessible(ability, 'read', 'salesorder', { dialect: 'postgres' })).execute();
 */
export function whereAccessible<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, options]: [...RowQuestion<TTypes, TTable, TAction>, options: KyselyWhereOptions]
): RawBuilder<SqlBool> {
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  const { strings, params } = accessibleFragments(loose, action as Action, table as string, options);
  // The fixed SQL between placeholders is ours, its identifiers already checked and quoted: raw is safe here.
  const parts: RawBuilder<unknown>[] = [sql.raw(strings[0]!)];
  for (const [index, param] of params.entries()) parts.push(sql.val(param), sql.raw(strings[index + 1]!));
  return sql.join<SqlBool>(parts, sql.raw(''));
}
