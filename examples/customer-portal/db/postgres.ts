import pg from 'pg';
import type { Database, Row } from './database.js';

/** A PostgreSQL server reached through a `pg` connection pool. */
export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 5 });
  // Fail at startup, not on the first page view, when the server is unreachable.
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<TRow extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query<TRow>(sql, [...params]);
      return { rows: result.rows };
    },
    close: () => pool.end(),
  };
}
