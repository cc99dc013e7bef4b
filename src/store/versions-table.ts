import { quoteIdentifier } from '../query/dialect.js';
import type { PolicyStoreDatabase } from './database.js';

/** One row of the versions table, the document left as the driver parsed it. */
export interface StoredVersion {
  readonly version: number;
  readonly document: unknown;
  readonly policyHash: string;
  readonly author: string;
  readonly comment: string;
  readonly widened: boolean;
  readonly reason: string | null;
  readonly rollbackOf: number | null;
  readonly publishedAt: Date;
}

/** A version to write: the next number after `baseVersion`, or 1 for the first. */
export interface NewVersion {
  readonly version: number;
  readonly documentJson: string;
  readonly policyHash: string;
  readonly author: string;
  readonly comment: string;
  readonly widened: boolean;
  readonly reason: string | null;
  readonly rollbackOf: number | null;
}

const COLUMNS = 'version, document, policy_hash, author, comment, widened, reason, rollback_of, published_at';

// Postgres error codes: a unique key taken by a concurrent insert, a table created by a concurrent CREATE.
const UNIQUE_VIOLATION = '23505';
const DUPLICATE_TABLE = '42P07';

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/** The SQL of one versions table; names are checked identifiers, every value a bound parameter. */
export class VersionsTable {
  readonly #db: PolicyStoreDatabase;
  readonly #table: string;

  constructor(db: PolicyStoreDatabase, table: string) {
    this.#db = db;
    this.#table = quoteIdentifier(table);
  }

  /** Creates the table unless it exists; two processes creating it at once both succeed. */
  async ensure(): Promise<void> {
    const create = `CREATE TABLE IF NOT EXISTS ${this.#table} (
      version integer PRIMARY KEY CHECK (version > 0),
      document jsonb NOT NULL,
      policy_hash text NOT NULL,
      author text NOT NULL,
      comment text NOT NULL,
      widened boolean NOT NULL,
      reason text,
      rollback_of integer,
      published_at timestamptz NOT NULL DEFAULT now()
    )`;
    try {
      await this.#db.query(create);
    } catch (error) {
      // IF NOT EXISTS is not atomic: the loser of a race gets a duplicate type or table; the table exists.
      if (codeOf(error) !== UNIQUE_VIOLATION && codeOf(error) !== DUPLICATE_TABLE) throw error;
    }
  }

  /** The number of the newest version, `null` when none is published. */
  async latestNumber(): Promise<number | null> {
    const { rows } = await this.#db.query(`SELECT max(version) AS version FROM ${this.#table}`);
    const version = (rows[0] as { version?: unknown } | undefined)?.version;
    return version === null || version === undefined ? null : Number(version);
  }

  /** The newest version, or `undefined` when none is published. */
  async latest(): Promise<StoredVersion | undefined> {
    const { rows } = await this.#db.query(
      `SELECT ${COLUMNS} FROM ${this.#table} ORDER BY version DESC LIMIT 1`,
    );
    return rows[0] === undefined ? undefined : storedVersionOf(rows[0]);
  }

  /** One version, or `undefined` when there is no such version. */
  async get(version: number): Promise<StoredVersion | undefined> {
    const { rows } = await this.#db.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE version = $1::integer`,
      [version],
    );
    return rows[0] === undefined ? undefined : storedVersionOf(rows[0]);
  }

  /** Versions newest first, without their documents' contents parsed into policies. */
  async list(limit: number, before: number | null): Promise<StoredVersion[]> {
    const { rows } = await this.#db.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE ($1::integer IS NULL OR version < $1::integer)
       ORDER BY version DESC LIMIT $2::integer`,
      [before, limit],
    );
    return rows.map(storedVersionOf);
  }

  /**
   * Writes `next` and notifies `channel` in one statement (so the notification goes out when, and only
   * when, the row commits). The database keeps versions dense: version n is written only if n - 1 exists
   * (or n is 1), and the primary key lets exactly one of two writers of n succeed. Returns `undefined` when
   * the write lost: another version n exists, or n - 1 does not.
   */
  async insert(next: NewVersion, channel: string): Promise<{ publishedAt: Date } | undefined> {
    const statement = `WITH inserted AS (
        INSERT INTO ${this.#table} (version, document, policy_hash, author, comment, widened, reason, rollback_of)
        SELECT $1::integer, $2::jsonb, $3::text, $4::text, $5::text, $6::boolean, $7::text, $8::integer
        WHERE $1::integer = 1 OR EXISTS (SELECT 1 FROM ${this.#table} WHERE version = $1::integer - 1)
        RETURNING version, published_at
      )
      SELECT published_at, pg_notify($9::text, version::text) AS notified FROM inserted`;
    try {
      const { rows } = await this.#db.query(statement, [
        next.version,
        next.documentJson,
        next.policyHash,
        next.author,
        next.comment,
        next.widened,
        next.reason,
        next.rollbackOf,
        channel,
      ]);
      const row = rows[0] as { published_at?: unknown } | undefined;
      return row === undefined ? undefined : { publishedAt: dateOf(row.published_at) };
    } catch (error) {
      if (codeOf(error) === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }
}

const dateOf = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function storedVersionOf(row: unknown): StoredVersion {
  const data = row as Record<string, unknown>;
  return {
    version: Number(data.version),
    // A driver without a jsonb parser hands the text over.
    document: typeof data.document === 'string' ? JSON.parse(data.document) : data.document,
    policyHash: String(data.policy_hash),
    author: String(data.author),
    comment: String(data.comment),
    widened: data.widened === true,
    reason: textOrNull(data.reason),
    rollbackOf: data.rollback_of === null || data.rollback_of === undefined ? null : Number(data.rollback_of),
    publishedAt: dateOf(data.published_at),
  };
}
