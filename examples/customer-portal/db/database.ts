/** One row as the database driver returns it. */
export type Row = Record<string, unknown>;

/**
 * The only thing the portal asks of a database: run one parameterized statement (`$1`, `$2`, …) and return
 * its rows. PGlite and `pg` both fit it, so switching between them changes nothing else.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` as one transaction on one connection: committed when it resolves, rolled back when it throws
   * (the error is rethrown). Statements outside `work`'s `tx` do not take part in it.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Something that runs one parameterized statement: the database itself, or an open transaction. */
export interface Queryable {
  query<TRow extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: TRow[] }>;
}

/** Where the portal keeps its data. */
export interface DatabaseOptions {
  /** A PostgreSQL connection string; when set, the portal uses that server through `pg`. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data directory; absent means an in-memory database that vanishes on exit. */
  readonly dataDir?: string | undefined;
}

/** Opens PostgreSQL when `databaseUrl` is set, else the embedded PGlite. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.databaseUrl);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(options.dataDir);
}

/**
 * The database went away (closed, shut down, connection lost): the portal answers 503 and says nothing
 * else, since the driver's message may name tables, columns or values.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  /** Fastify's error handler answers with this status. */
  readonly statusCode = 503;

  constructor(cause: unknown) {
    super('the database is unavailable', { cause });
  }
}
