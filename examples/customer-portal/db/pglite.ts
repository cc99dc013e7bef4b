import { PGlite } from '@electric-sql/pglite';
import { type Database, DatabaseUnavailableError, type Row } from './database.js';

/** The embedded PostgreSQL: in memory, or persisted in `dataDir`. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  return pgliteDatabase(dataDir === undefined ? new PGlite() : new PGlite(dataDir));
}

/** The portal's database on a PGlite instance the caller created; closing it closes the instance. */
export async function pgliteDatabase(pglite: PGlite): Promise<Database> {
  await pglite.waitReady;
  return {
    kind: 'pglite',
    async query<TRow extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      try {
        const result = await pglite.query<TRow>(sql, [...params]);
        return { rows: result.rows };
      } catch (error) {
        // A closed database is unavailable; any other failure (a bad statement) stays a 500.
        throw pglite.closed ? new DatabaseUnavailableError(error) : error;
      }
    },
    async transaction(work) {
      try {
        // PGlite has one connection: its transaction() holds it until work settles, so transactions queue.
        return await pglite.transaction((tx) =>
          work({
            query: async <TRow extends Row = Row>(sql: string, params: readonly unknown[] = []) => ({
              rows: (await tx.query<TRow>(sql, [...params])).rows,
            }),
          }),
        );
      } catch (error) {
        throw pglite.closed ? new DatabaseUnavailableError(error) : error;
      }
    },
    close: () => pglite.close(),
  };
}
