// The `portal-permissions/drizzle` entry: an ability's SQL filter as a Drizzle `SQL` condition. drizzle-orm
// is an optional peer dependency; the core entry never loads this module.
import { entityKind, getTableColumns, getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import type { PortalAbility } from '../../ability/ability.js';
import type { Action } from '../../ability/portal-subject.js';
import type { RowQuestion } from '../../ability/row-question.js';
import { PortalPermissionsError } from '../../base/errors.js';
import type { PolicyTypesLike } from '../../policy/policy-types.js';
import type { SqlMappingInput } from '../../policy/table.js';
import { accessibleFragments } from '../../query/accessible-where.js';
import type { DialectName } from '../../query/dialect.js';
import type { SqlMapping } from '../../query/sql-mapping.js';

/** Drizzle tables by policy table name: the filtered table, and the parent tables its grants reach. */
export type DrizzleTables = Readonly<Record<string, Table>>;

/** Options of `whereAccessible` beyond the Drizzle tables. */
export interface DrizzleWhereOptions {
  /** SQL names of tables not given as Drizzle tables, and share tables, as `accessibleWhere`'s `mapping`. */
  readonly mapping?: SqlMapping;
}

const DIALECTS: Readonly<Record<string, DialectName>> = { PgTable: 'postgres', SQLiteTable: 'sqlite' };

// Drizzle marks each class with a static entity kind; a table's class may extend PgTable or SQLiteTable.
function dialectOf(table: Table, path: string): DialectName {
  for (let kind = table?.constructor; typeof kind === 'function'; kind = Object.getPrototypeOf(kind)) {
    const name = (kind as unknown as Record<symbol, unknown>)[entityKind];
    if (typeof name === 'string' && Object.hasOwn(DIALECTS, name)) return DIALECTS[name]!;
  }
  throw new PortalPermissionsError(
    'unknown_dialect',
    `tables.${path} is not a Drizzle PostgreSQL or SQLite table; pass a table made with pgTable or sqliteTable`,
    { path: ['tables', path] },
  );
}

interface Resolved {
  readonly dialect: DialectName;
  readonly mapping: SqlMapping;
}

// Keyed by the caller's objects, so a filter per request reads the Drizzle definitions once.
const resolvedByTables = new WeakMap<DrizzleTables, WeakMap<SqlMapping, Resolved>>();
const NO_MAPPING: SqlMapping = Object.freeze({});

function resolve(tables: DrizzleTables, given: SqlMapping): Resolved {
  let byMapping = resolvedByTables.get(tables);
  if (!byMapping) {
    byMapping = new WeakMap();
    resolvedByTables.set(tables, byMapping);
  }
  const cached = byMapping.get(given);
  if (cached) return cached;
  const mapping: Record<string, SqlMappingInput> = {};
  let dialect: DialectName | undefined;
  // Own properties only (RELIABILITY 19): a polluted prototype must never add a table or remap a column.
  for (const name of Object.keys(tables)) {
    const table = tables[name]!;
    const tableDialect = dialectOf(table, name);
    if (dialect !== undefined && tableDialect !== dialect) {
      throw new PortalPermissionsError(
        'mixed_dialects',
        `tables.${name} is a ${tableDialect} table but another is ${dialect}; pass the tables of one database`,
        { path: ['tables', name] },
      );
    }
    dialect = tableDialect;
    const columns: Record<string, string> = {};
    for (const [field, column] of Object.entries(getTableColumns(table))) columns[field] = column.name;
    const override = Object.hasOwn(given, name) ? given[name] : undefined;
    mapping[name] = {
      ...override,
      table: getTableName(table),
      columns: { ...override?.columns, ...columns },
    };
  }
  for (const name of Object.keys(given)) if (!Object.hasOwn(mapping, name)) mapping[name] = given[name]!;
  if (dialect === undefined) {
    throw new PortalPermissionsError('unknown_table', 'tables is empty; pass the Drizzle table to filter', {
      path: ['tables'],
    });
  }
  const resolved = { dialect, mapping };
  byMapping.set(given, resolved);
  return resolved;
}

/**
 * The rows of `table` on which `ability` allows `action`, as a Drizzle `SQL` condition for `.where(...)`.
 * `tables` gives the Drizzle table of `table` (its SQL and column names come from the definition: a policy
 * field names the column's property) and of the parent tables its grants reach. The SQL is the one
 * `accessibleWhere` writes, every value bound by Drizzle; the dialect is the tables' own.
 *
 * @example
 * const rows = await db.select().from(orders)
 *   .where(whereAccessible(ability, 'read', 'salesorder', { salesorder: orders, contact: contacts }));
 */
export function whereAccessible<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, tables, options = {}]: [
    ...RowQuestion<TTypes, TTable, TAction>,
    tables: DrizzleTables & { readonly [K in TTable]?: Table },
    options?: DrizzleWhereOptions,
  ]
): SQL<boolean> {
  if (typeof tables !== 'object' || tables === null || !Object.hasOwn(tables, table)) {
    throw new PortalPermissionsError(
      'unknown_table',
      `tables has no Drizzle table for "${table}"; pass { ${table}: yourDrizzleTable, … }`,
      { path: ['tables', table] },
    );
  }
  const mapping = Object.hasOwn(options, 'mapping') && options.mapping ? options.mapping : NO_MAPPING;
  const { dialect, mapping: merged } = resolve(tables, mapping);
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  const { strings, params } = accessibleFragments(loose, action as Action, table as string, {
    dialect,
    mapping: merged,
  });
  // The fixed SQL between placeholders is ours, its identifiers already checked and quoted: raw is safe here.
  const chunks: SQL[] = [sql.raw(strings[0]!)];
  for (const [index, param] of params.entries()) {
    chunks.push(sql`${sql.param(param)}`, sql.raw(strings[index + 1]!));
  }
  return sql.join(chunks) as SQL<boolean>;
}
