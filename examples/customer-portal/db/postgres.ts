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
    async transaction(work) {
      // One client for the whole transaction: a pool may run each statement on another connection.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <TRow extends Row = Row>(sql: string, params: readonly unknown[] = []) => ({
            rows: (await client.query<TRow>(sql, [...params])).rows,
          }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
