import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import { type DialectName, dialects, quoteIdentifier, type SqlParameter } from './dialect.js';
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

// Own properties only (RELIABILITY 19): a polluted prototype must not choose an alias or remap a column.
function ownOptions(options: AccessibleWhereOptions): AccessibleWhereOptions {
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
  const dialect = dialects[options.dialect];
  const tables = sqlTablesOf(policy, options.mapping);
  const root = tables(table);
  if (condition === null) return { sql: dialect.false, params: [] };

  const alias = options.alias === undefined ? undefined : checkedIdentifier(options.alias, ['alias']);
  const builder = new SqlBuilder(dialect, tables, options.firstParameter ?? 1, [alias ?? root.sqlName]);
  const ref = alias === undefined ? root.name : quoteIdentifier(alias);
  return { sql: conditionToSql(condition, { table: root, ref }, builder), params: builder.params };
}
