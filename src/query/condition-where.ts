import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import {
  type DialectName,
  dialects,
  quoteIdentifier,
  type SqlDialect,
  type SqlParameter,
} from './dialect.js';
import { SqlBuilder } from './sql-builder.js';
import { checkedIdentifier, type SqlMapping, sqlTablesOf } from './sql-mapping.js';
import { conditionToSql } from './to-sql.js';
/** How `accessibleWhere` writes its fragment. */
export interface AccessibleWhereOptions {
  /** The SQL dialect: `postgres` (`$n` placeholders, array parameters) or `sqlite` (`?`, JSON parameters). */
  readonly dialect: DialectName;
  /** The name the host's query gives the table (`FROM sales_orders AS o` → `'o'`); the table name by default. */
  readonly alias?: string;
  /** The number of the fragment's first placeholder, after the host's own parameters (postgres); 1 by default. */
  readonly firstParameter?: number;
  /** SQL table and column names by policy table, overriding the `sql` declarations of the policy. */
  readonly mapping?: SqlMapping;
}

/** A parameterized SQL predicate and the values of its placeholders, in order. */
export interface SqlFilter {
  /** A boolean SQL expression to put in a `WHERE` clause; never empty. */
  readonly sql: string;
  /** The bound values: strings, plus one array (postgres) or JSON text (sqlite) per list. */
  readonly params: SqlParameter[];
}

const OPTION_NAMES = ['dialect', 'alias', 'firstParameter', 'mapping'] as const;

/**
 * The options' own properties, read once (RELIABILITY 19): a polluted prototype must not choose an alias or
 * remap a column, and a cache key and the fragment it names must read the same values.
 */
export function ownOptions(options: AccessibleWhereOptions): AccessibleWhereOptions {
  const own: Record<string, unknown> = {};
  if (typeof options === 'object' && options !== null) {
    for (const name of OPTION_NAMES) if (Object.hasOwn(options, name)) own[name] = options[name];
  }
  return own as unknown as AccessibleWhereOptions;
}

function checkedOptions(options: AccessibleWhereOptions): void {
  if (!Object.hasOwn(dialects, options.dialect)) {
    throw new PortalPermissionsError(
      'unknown_dialect',
      `SQL dialect ${JSON.stringify(options.dialect)} is not supported; use one of ${Object.keys(dialects)
        .map((name) => `"${name}"`)
        .join(', ')}`,
      { path: ['dialect'] },
    );
  }
  const first = options.firstParameter;
  if (first !== undefined && !(Number.isSafeInteger(first) && first >= 1)) {
    throw new PortalPermissionsError(
      'invalid_first_parameter',
      `firstParameter must be a positive integer (the number of the fragment's first placeholder), got ${String(first)}`,
      { path: ['firstParameter'] },
    );
  }
}

/**
 * The SQL predicate for a condition tree about rows of `table` (`null`: no grant, an always-false
 * predicate). `accessibleWhere` feeds it the tree CASL combines from an ability's rules; compilers of new
 * grant kinds can test their trees against SQL with it directly.
 */
export function conditionWhere(
  policy: Policy,
  table: string,
  condition: Condition | null,
  given: AccessibleWhereOptions,
): SqlFilter {
  const options = ownOptions(given);
  checkedOptions(options);
  return writeWhere(policy, table, condition, options, dialects[options.dialect]);
}

function writeWhere(
  policy: Policy,
  table: string,
  condition: Condition | null,
  options: AccessibleWhereOptions,
  dialect: SqlDialect,
): SqlFilter {
  const tables = sqlTablesOf(policy, options.mapping);
  const root = tables(table);
  if (condition === null) return { sql: dialect.false, params: [] };

  const alias = options.alias === undefined ? undefined : checkedIdentifier(options.alias, ['alias']);
  const builder = new SqlBuilder(dialect, tables, options.firstParameter ?? 1, [alias ?? root.sqlName]);
  const ref = alias === undefined ? root.name : quoteIdentifier(alias);
  return { sql: conditionToSql(condition, { table: root, ref }, builder), params: builder.params };
}

/** An SQL predicate split at its placeholders: `params[i]` goes between `strings[i]` and `strings[i + 1]`. */
export interface SqlFragments {
  readonly strings: readonly string[];
  readonly params: readonly SqlParameter[];
}

/** How a query builder asks for fragments: as `accessibleWhere`, without placeholder numbers (it binds). */
export type FragmentOptions = Omit<AccessibleWhereOptions, 'firstParameter'>;

// NUL can be neither in a checked identifier nor in the fixed SQL we write, so it marks placeholders only.
const PLACEHOLDER = '\u0000';

/**
 * `conditionWhere` for query builders that bind values themselves (Kysely, Drizzle): the same SQL, cut at
 * each placeholder, so the builder puts its own parameter there and the SQL is written in one place only.
 */
export function conditionFragments(
  policy: Policy,
  table: string,
  condition: Condition | null,
  given: FragmentOptions,
): SqlFragments {
  const options = ownOptions(given);
  checkedOptions(options);
  const dialect: SqlDialect = { ...dialects[options.dialect], placeholder: () => PLACEHOLDER };
  const { sql, params } = writeWhere(policy, table, condition, options, dialect);
  const strings = sql.split(PLACEHOLDER);
  if (strings.length !== params.length + 1) {
    throw new PortalPermissionsError(
      'invalid_sql_identifier',
      'an SQL name of the policy or the mapping contains a NUL character; use letters, digits and underscores',
      { path: ['mapping'] },
    );
  }
  return { strings, params };
}
