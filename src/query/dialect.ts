/** The SQL dialects `accessibleWhere` writes. */
export type DialectName = 'postgres' | 'sqlite';

/** A value bound to one placeholder of a generated fragment. */
export type SqlParameter = string | string[];

/**
 * Where a subquery sits within its query level: `top` in the AND list of the WHERE (or of a subquery's
 * WHERE), `under-or` below an OR of that level. The database plans the two differently.
 */
export type SubqueryPlace = 'top' | 'under-or';

/**
 * A subquery selecting the values an outer column must be among, kept apart from the SQL shape a dialect
 * gives it (`EXISTS`, `IN`, `= ANY(ARRAY(…))`). Its `where` never reads the outer row, so every shape
 * selects the same rows.
 */
export interface MemberSubquery {
  /** The outer row's column, qualified (`"o"."id"`). */
  readonly column: string;
  /** The subquery's column the outer column must equal, qualified (`s1."record"`). */
  readonly value: string;
  /** The subquery's table and alias (`"share" AS s1`). */
  readonly from: string;
  /** The subquery's own conditions, never empty. */
  readonly where: string;
  /** Computed once per query even in the top-level AND list (a parent chain that only asks for a share). */
  readonly once?: boolean;
}

/** What differs between the SQL dialects we write: placeholders, literals, quoting and list membership. */
export interface SqlDialect {
  readonly name: DialectName;
  /** An always-true predicate. */
  readonly true: string;
  /** An always-false predicate: a grant set that covers nothing still yields a WHERE that selects nothing. */
  readonly false: string;
  /** The placeholder of the parameter at 1-based `position` among the host's whole statement. */
  placeholder(position: number): string;
  /** `column` is among the strings of the list bound at `placeholder`. */
  memberOf(column: string, placeholder: string): string;
  /** How a list of strings is bound as one parameter. */
  listParameter(values: readonly string[]): SqlParameter;
  /** `subquery.column` is among the values of `subquery`, in the shape this dialect plans best at `place`. */
  memberOfSubquery(subquery: MemberSubquery, place: SubqueryPlace): string;
}

const selectOf = ({ value, from, where }: MemberSubquery): string =>
  `SELECT ${value} FROM ${from} WHERE ${where}`;

// PostgreSQL turns EXISTS and IN (SELECT …) into joins only in the top-level AND list; under an OR they stay
// subqueries run once per row of a sequential scan. An uncorrelated ARRAY(SELECT …) is computed once per
// query, and `column = ANY(array)` is an index condition the planner can combine with the other OR arms.
// A NULL in the array never makes a row match, as a NULL link or share never grants in memory.
function postgresMember(subquery: MemberSubquery, place: SubqueryPlace): string {
  const { column, value, from, where } = subquery;
  if (place === 'under-or') return `${column} = ANY(ARRAY(${selectOf(subquery)}))`;
  if (subquery.once) return `${column} IN (${selectOf(subquery)})`;
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${value} = ${column} AND ${where})`;
}

/** Quotes an SQL identifier, doubling embedded quotes, so no name can end the identifier early. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const postgres: SqlDialect = {
  name: 'postgres',
  true: 'TRUE',
  false: 'FALSE',
  placeholder: (position) => `$${position}`,
  // One array parameter, never a list: a business-unit subtree can exceed Postgres' 65,535 bound parameters.
  memberOf: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  listParameter: (values) => [...values],
  memberOfSubquery: postgresMember,
};

const sqlite: SqlDialect = {
  name: 'sqlite',
  true: '1',
  false: '0',
  // Positional: the host's parameters before ours come first in its array, so the position is not written.
  placeholder: () => '?',
  // SQLite has no array type; json_each turns one JSON text parameter into rows, whatever its length.
  memberOf: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  listParameter: (values) => JSON.stringify(values),
  // SQLite runs a correlated EXISTS once per row of a full scan, at the top level too; an uncorrelated
  // IN (SELECT …) is computed once and drives an index search on the column (a MULTI-INDEX OR under an OR).
  memberOfSubquery: (subquery) => `${subquery.column} IN (${selectOf(subquery)})`,
};

/** Every dialect, by name. */
export const dialects: Readonly<Record<DialectName, SqlDialect>> = { postgres, sqlite };
