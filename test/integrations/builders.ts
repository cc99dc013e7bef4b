import type { PGlite } from '@electric-sql/pglite';
import type BetterSqlite3 from 'better-sqlite3';
import type { SQL, Table } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { pgTable, text as pgText } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Expression,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type SqlBool,
  SqliteDialect,
} from 'kysely';

/** A database of tables whose columns the tests name at run time. */
export type AnyDatabase = Record<string, Record<string, unknown>>;

/**
 * Kysely on PGlite: Kysely ships no PGlite dialect, so this driver hands Kysely's compiled statement (its
 * SQL and its bound parameters, untouched) to the one PGlite connection, as Kysely's own pg driver does.
 */
class PgliteDriver implements Driver {
  readonly #connection: DatabaseConnection;

  constructor(db: PGlite) {
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => ({
        rows: (await db.query<R>(query.sql, [...query.parameters])).rows,
      }),
      // biome-ignore lint/correctness/useYield: streaming is not needed by the tests; refuse it loudly.
      streamQuery: async function* () {
        throw new Error('streaming is not supported by the test driver');
      },
    };
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('transactions are not supported by the test driver');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** A Kysely instance on an open PGlite database. */
export function kyselyOnPglite(db: PGlite): Kysely<AnyDatabase> {
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(db),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return new Kysely<AnyDatabase>({ dialect });
}

/** A Kysely instance on an open better-sqlite3 database, through Kysely's own SQLite dialect. */
export function kyselyOnSqlite(db: BetterSqlite3.Database): Kysely<AnyDatabase> {
  return new Kysely<AnyDatabase>({ dialect: new SqliteDialect({ database: db }) });
}

/** The keys of `table`'s rows a Kysely filter selects, sorted, as strings. */
export async function kyselyKeys(
  kysely: Kysely<AnyDatabase>,
  table: string,
  key: string,
  where: Expression<SqlBool>,
): Promise<string[]> {
  const rows = await kysely.selectFrom(table).select(`${table}.${key} as k`).where(where).execute();
  return rows.map((row) => String(row.k)).sort();
}

/** A table of text columns for Drizzle: the policy's field names as properties, each with its SQL name. */
export interface TextTable {
  readonly name: string;
  /** SQL column name by policy field. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Drizzle on PGlite or SQLite, with table definitions made at run time from `TextTable`s. */
export interface DrizzleTestBench {
  table(definition: TextTable): Table;
  keys(table: Table, key: string, where: SQL): Promise<string[]>;
}

const columnsOf = <TColumn>(definition: TextTable, text: (name: string) => TColumn) =>
  Object.fromEntries(Object.entries(definition.columns).map(([field, column]) => [field, text(column)]));

/** Drizzle through drizzle-orm/pglite. */
export function drizzleOnPglite(db: PGlite): DrizzleTestBench {
  const drizzle = drizzlePglite({ client: db });
  return {
    table: (definition) =>
      pgTable(
        definition.name,
        columnsOf(definition, (name) => pgText(name)),
      ),
    keys: async (table, key, where) => {
      const column = (table as unknown as Record<string, never>)[key]!;
      const rows: { k: unknown }[] = await drizzle
        .select({ k: column })
        .from(table as never)
        .where(where);
      return rows.map((row) => String(row.k)).sort();
    },
  };
}

/** Drizzle through drizzle-orm/better-sqlite3. */
export function drizzleOnSqlite(db: BetterSqlite3.Database): DrizzleTestBench {
  const drizzle = drizzleSqlite({ client: db });
  return {
    table: (definition) =>
      sqliteTable(
        definition.name,
        columnsOf(definition, (name) => sqliteText(name)),
      ),
    keys: async (table, key, where) => {
      const column = (table as unknown as Record<string, never>)[key]!;
      const rows: { k: unknown }[] = await drizzle
        .select({ k: column })
        .from(table as never)
        .where(where)
        .all();
      return rows.map((row) => String(row.k)).sort();
    },
  };
}
