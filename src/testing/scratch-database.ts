import { PortalPermissionsError } from '../base/errors.js';
import { isObject } from '../base/own.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyInput } from '../policy/schema.js';
import type { DialectName, SqlParameter } from '../query/dialect.js';
import type { SqlIntersect } from '../query/many-to-many-sql.js';
import { type SqlShareTable, sqlTablesOf } from '../query/sql-mapping.js';
import type { Dataset } from './arbitrary-dataset.js';
import { columnsOf } from './arbitrary-dataset.js';
import { storedLinks } from './arbitrary-links.js';
import type { Share } from './arbitrary-shares.js';
import { manyToManyFields, sharesFieldOf } from './record-fields.js';

/*
 * The few calls the kit makes on a host's database, behind duck-typed interfaces so that src/ imports no
 * driver. Tables are TEMPORARY: they shadow any real table of the same name for this connection only, and
 * dropping them can never drop a real one (every DROP and DELETE names the temporary schema).
 */

/** The part of a PostgreSQL client the kit uses: a PGlite instance or a `pg` Client (one connection). */
export interface PostgresHandle {
  query(sql: string, params?: unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
}

/** The part of a better-sqlite3 statement the kit uses. */
export interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

/** The part of a better-sqlite3 database the kit uses. */
export interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
}

/** A database the kit may create temporary tables in: PGlite, a `pg` Client, or a better-sqlite3 Database. */
export type DatabaseHandle = PostgresHandle | SqliteHandle;

interface ScratchTable {
  /** The policy's name for the table. */
  readonly table: string;
  /** The quoted SQL name. */
  readonly name: string;
  readonly key: string;
  readonly columns: readonly { readonly field: string; readonly column: string }[];
  /** The share table, when the table has shares in memory and declares where they live in SQL. */
  readonly shares: { readonly field: string; readonly sql: SqlShareTable } | undefined;
  /** The intersect table of each many-to-many relationship, with the field listing its ids in memory. */
  readonly links: readonly { readonly field: string; readonly sql: SqlIntersect }[];
}

/** Temporary copies of a policy's tables in the host's database. */
export interface ScratchDatabase {
  readonly dialect: DialectName;
  /** Replaces the rows of every table with the dataset's. */
  fill(dataset: Dataset): Promise<void>;
  /** The keys of the rows of `table` a WHERE fragment selects, sorted. */
  keys(
    table: string,
    where: { readonly sql: string; readonly params: readonly SqlParameter[] },
  ): Promise<string[]>;
  /** Drops the temporary tables. */
  drop(): Promise<void>;
}

interface Driver {
  readonly dialect: DialectName;
  readonly temporarySchema: string;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all(sql: string, params?: readonly unknown[]): Promise<readonly unknown[]>;
}

function driverOf(handle: DatabaseHandle): Driver {
  if (isObject(handle) && typeof handle.prepare === 'function') {
    const sqlite = handle as SqliteHandle;
    return {
      dialect: 'sqlite',
      temporarySchema: 'temp',
      run: async (sql, params = []) => void sqlite.prepare(sql).run(...params),
      all: async (sql, params = []) => sqlite.prepare(sql).all(...params),
    };
  }
  if (isObject(handle) && typeof handle.query === 'function') {
    if ('totalCount' in handle && 'idleCount' in handle) {
      throw new PortalPermissionsError(
        'pooled_database',
        'the kit creates temporary tables, which live on one connection: pass a pg Client (or `await pool.connect()`), not a Pool',
        { path: ['db'] },
      );
    }
    const postgres = handle as PostgresHandle;
    return {
      dialect: 'postgres',
      temporarySchema: 'pg_temp',
      run: async (sql, params = []) => void (await postgres.query(sql, [...params])),
      all: async (sql, params = []) => (await postgres.query(sql, [...params])).rows,
    };
  }
  throw new PortalPermissionsError(
    'unknown_database',
    'db must be a PGlite instance, a pg Client or a better-sqlite3 Database (something with query() or prepare())',
    { path: ['db'] },
  );
}

function scratchTablesOf(policy: Policy, input: PolicyInput): ScratchTable[] {
  const lookup = sqlTablesOf(policy);
  return Object.keys(input.tables).map((table) => {
    const sql = lookup(table);
    const field = sharesFieldOf(input, table);
    return {
      table,
      name: sql.name,
      key: sql.key,
      columns: [...columnsOf(input, table).keys()].map((field) => ({ field, column: sql.column(field) })),
      shares: field === undefined || sql.shares === undefined ? undefined : { field, sql: sql.shares },
      links: [...manyToManyFields(input, table)].flatMap(([listField, { relationship }]) => {
        const intersect = sql.intersect(relationship);
        return intersect === undefined ? [] : [{ field: listField, sql: intersect }];
      }),
    };
  });
}

// A column is text: what is not a string (a number, an operator object) is stored as NULL, as a host would.
const cell = (row: Readonly<Record<string, unknown>>, field: string): string | null => {
  const value = Object.hasOwn(row, field) ? row[field] : undefined;
  return typeof value === 'string' ? value : null;
};

function sharesOf(row: Readonly<Record<string, unknown>>, field: string): readonly Share[] {
  const value = Object.hasOwn(row, field) ? row[field] : undefined;
  return Array.isArray(value) ? (value as Share[]) : [];
}

/** Creates temporary copies of the policy's tables (SQL names from the policy's `sql` mappings). */
export async function createScratchDatabase(
  handle: DatabaseHandle,
  policy: Policy,
  input: PolicyInput,
): Promise<ScratchDatabase> {
  const driver = driverOf(handle);
  const tables = scratchTablesOf(policy, input);
  const temporary = (name: string): string => `${driver.temporarySchema}.${name}`;
  const qualified = (table: ScratchTable): string => temporary(table.name);
  const shareTables = tables.flatMap((table) => (table.shares === undefined ? [] : [table.shares.sql]));
  // Two relationships may share an intersect table (both sides of one N:N): create it once.
  const intersects = [
    ...new Map(tables.flatMap((table) => table.links.map(({ sql }) => [sql.table, sql] as const))).values(),
  ];
  const drop = async (): Promise<void> => {
    for (const table of tables) await driver.run(`DROP TABLE IF EXISTS ${qualified(table)}`);
    for (const shares of shareTables) await driver.run(`DROP TABLE IF EXISTS ${temporary(shares.table)}`);
    for (const { table } of intersects) await driver.run(`DROP TABLE IF EXISTS ${temporary(table)}`);
  };
  await drop();
  for (const table of tables) {
    const columns = table.columns.map(({ column }) => `${column} text`).join(', ');
    await driver.run(`CREATE TEMPORARY TABLE ${table.name} (${columns})`);
  }
  for (const { table, record, related } of intersects) {
    await driver.run(`CREATE TEMPORARY TABLE ${table} (${record} text, ${related} text)`);
  }
  for (const { table, record, principal, privilege } of shareTables) {
    await driver.run(
      `CREATE TEMPORARY TABLE ${table} (${record} text, ${principal} text, ${privilege} text)`,
    );
  }
  const placeholders = (rows: number, width: number): string => {
    let position = 0;
    const placeholder = () => (driver.dialect === 'postgres' ? `$${++position}` : '?');
    return Array.from(
      { length: rows },
      () => `(${Array.from({ length: width }, placeholder).join(', ')})`,
    ).join(', ');
  };
  const insert = async (name: string, columns: readonly string[], rows: readonly (string | null)[][]) => {
    if (rows.length === 0) return;
    await driver.run(
      `INSERT INTO ${temporary(name)} (${columns.join(', ')}) VALUES ${placeholders(rows.length, columns.length)}`,
      rows.flat(),
    );
  };
  return {
    dialect: driver.dialect,
    fill: async (dataset) => {
      for (const shares of shareTables) await driver.run(`DELETE FROM ${temporary(shares.table)}`);
      for (const { table } of intersects) await driver.run(`DELETE FROM ${temporary(table)}`);
      for (const table of tables) {
        await driver.run(`DELETE FROM ${qualified(table)}`);
        const rows = dataset[table.table] ?? [];
        const columns = table.columns.map(({ column }) => column);
        await insert(
          table.name,
          columns,
          rows.map((row) => table.columns.map(({ field }) => cell(row, field))),
        );
        const keyField = table.columns.find(({ column }) => column === table.key)?.field ?? 'id';
        for (const { field, sql } of table.links) {
          const linkRows = rows.flatMap((row) =>
            storedLinks(row, field).map((id) => [cell(row, keyField), id]),
          );
          await insert(sql.table, [sql.record, sql.related], linkRows);
        }
        if (table.shares === undefined) continue;
        const { field, sql } = table.shares;
        const shareRows = rows.flatMap((row) =>
          sharesOf(row, field).flatMap(({ principal, privileges }) =>
            privileges.map((privilege) => [cell(row, keyField), principal, privilege]),
          ),
        );
        await insert(sql.table, [sql.record, sql.principal, sql.privilege], shareRows);
      }
    },
    keys: async (tableName, where) => {
      const table = tables.find((candidate) => candidate.table === tableName);
      if (!table)
        throw new PortalPermissionsError('unknown_table', `table "${tableName}" is not in the policy`);
      const rows = await driver.all(
        `SELECT ${table.key} AS k FROM ${table.name} WHERE ${where.sql}`,
        where.params,
      );
      return rows.map((row) => String((row as { k: unknown }).k)).sort();
    },
    drop,
  };
}
