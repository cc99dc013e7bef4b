/** The SQL dialects `accessibleWhere` writes. */
export type DialectName = 'postgres' | 'sqlite';

/** A value bound to one placeholder of a generated fragment. */
export type SqlParameter = string | string[];

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
};

/** Every dialect, by name. */
export const dialects: Readonly<Record<DialectName, SqlDialect>> = { postgres, sqlite };
