import Database from 'better-sqlite3';
import type { DialectName, SqlParameter } from '../../src/index.js';
import { freshPglite } from '../fixtures/pglite.js';

/** A table of text columns, as the tests create it. */
export interface TestTable {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A row to insert: a missing column is stored as NULL. */
export type TestRow = Readonly<Record<string, unknown>>;

/** One real database engine behind the small interface the query tests need. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** (Re)creates the tables, every column `text`. */
  create(tables: readonly TestTable[]): Promise<void>;
  /** Empties the tables. */
  clear(tables: readonly TestTable[]): Promise<void>;
  insert(table: TestTable, rows: readonly TestRow[]): Promise<void>;
  /** The `id` of every row of `table` matching `where`, sorted. */
  ids(table: string, where: string, params: readonly SqlParameter[], alias?: string): Promise<string[]>;
  /** Rows of an arbitrary query. */
  query(sql: string, params?: readonly SqlParameter[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name}"`;
const ddl = ({ name, columns }: TestTable) =>
  `DROP TABLE IF EXISTS ${quote(name)}; CREATE TABLE ${quote(name)} (${columns.map((column) => `${quote(column)} text`).join(', ')});`;
const cell = (row: TestRow, column: string) => {
  const value = row[column];
  return typeof value === 'string' ? value : null;
};
const select = (table: string, where: string, alias: string | undefined) =>
  `SELECT ${quote(alias ?? table)}."id" AS id FROM ${quote(table)}${alias ? ` AS ${quote(alias)}` : ''} WHERE ${where}`;

/** PGlite: PostgreSQL compiled to WebAssembly, in process. */
export async function createPostgres(): Promise<TestDatabase> {
  const db = freshPglite();
  await db.waitReady;
  const query = async (sql: string, params: readonly SqlParameter[] = []) =>
    (await db.query<Record<string, unknown>>(sql, [...params])).rows;
  return {
    dialect: 'postgres',
    create: async (tables) => {
      for (const table of tables) await db.exec(ddl(table));
    },
    clear: async (tables) => {
      await db.exec(tables.map((table) => `DELETE FROM ${quote(table.name)};`).join(' '));
    },
    insert: async (table, rows) => {
      if (rows.length === 0) return;
      const width = table.columns.length;
      const values = rows.map(
        (_, row) => `(${table.columns.map((__, column) => `$${row * width + column + 1}`).join(', ')})`,
      );
      await db.query(
        `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`,
        rows.flatMap((row) => table.columns.map((column) => cell(row, column))),
      );
    },
    ids: async (table, where, params, alias) =>
      (await query(select(table, where, alias), params)).map((row) => String(row.id)).sort(),
    query,
    close: () => db.close(),
  };
}

/** SQLite through better-sqlite3, in memory. */
export async function createSqlite(): Promise<TestDatabase> {
  const db = new Database(':memory:');
  const query = async (sql: string, params: readonly SqlParameter[] = []) =>
    db.prepare(sql).all(...params) as Record<string, unknown>[];
  return {
    dialect: 'sqlite',
    create: async (tables) => {
      for (const table of tables) db.exec(ddl(table));
    },
    clear: async (tables) => {
      for (const table of tables) db.exec(`DELETE FROM ${quote(table.name)}`);
    },
    insert: async (table, rows) => {
      const statement = db.prepare(
        `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      db.transaction(() => {
        for (const row of rows) statement.run(...table.columns.map((column) => cell(row, column)));
      })();
    },
    ids: async (table, where, params, alias) =>
      (await query(select(table, where, alias), params)).map((row) => String(row.id)).sort(),
    query,
    close: async () => {
      db.close();
    },
  };
}
