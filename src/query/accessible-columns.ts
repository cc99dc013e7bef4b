import type { PortalAbility } from '../ability/ability.js';
import { permittedColumns } from '../ability/permitted-columns.js';
import type { Action } from '../ability/portal-subject.js';
import type { RowQuestion } from '../ability/row-question.js';
import { PortalPermissionsError } from '../base/errors.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { type DialectName, dialects, quoteIdentifier } from './dialect.js';
import { checkedIdentifier, type SqlMapping, sqlTablesOf } from './sql-mapping.js';

/** Options of `accessibleColumns`. */
export interface AccessibleColumnsOptions {
  /** The SQL dialect the select list is written for. */
  readonly dialect: DialectName;
  /** The name the host's query gives the table (`FROM sales_orders AS o` → `'o'`); columns are then qualified. */
  readonly alias?: string;
  /** SQL table and column names by policy table, overriding the `sql` declarations of the policy. */
  readonly mapping?: SqlMapping;
}

/** A select list of the columns a principal may see, and the policy fields it holds. */
export interface AccessibleColumns {
  /** Quoted, comma-separated SQL columns; empty when no column is allowed (then do not run the query). */
  readonly sql: string;
  /** The policy field names, in the table's declared order. */
  readonly fields: readonly string[];
}

/**
 * The select list of the columns of `table` on which `ability` allows `action` (column security, SPEC 1.7
 * and 2.8): the table's declared `fields` the principal may see, mapped to SQL names and quoted. Rows stay
 * filtered by `accessibleWhere`. Throws `PortalPermissionsError` for an unknown table or dialect, a table
 * without declared fields (`columns_unknown`) or an invalid mapped name.
 *
 * @example
 * const columns = accessibleColumns(ability, 'read', 'salesorder', { dialect: 'postgres' });
 * const where = accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' });
 * await db.query(`SELECT ${columns.sql} FROM salesorder WHERE ${where.sql}`, where.params);
 */
export function accessibleColumns<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, options]: [
    ...RowQuestion<TTypes, TTable, TAction>,
    options: AccessibleColumnsOptions,
  ]
): AccessibleColumns {
  if (!Object.hasOwn(dialects, options.dialect)) {
    throw new PortalPermissionsError(
      'unknown_dialect',
      `SQL dialect ${JSON.stringify(options.dialect)} is not supported; use one of ${Object.keys(dialects)
        .map((name) => `"${name}"`)
        .join(', ')}`,
      { path: ['dialect'] },
    );
  }
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  const sqlTable = sqlTablesOf(loose.policy, options.mapping)(table);
  const fields = permittedColumns(loose, action as Action, table as string);
  const prefix =
    options.alias === undefined ? '' : `${quoteIdentifier(checkedIdentifier(options.alias, ['alias']))}.`;
  return { sql: fields.map((field) => `${prefix}${sqlTable.column(field)}`).join(', '), fields };
}
