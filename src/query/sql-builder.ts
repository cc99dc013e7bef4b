import type { SqlDialect, SqlParameter } from './dialect.js';
import type { SqlTableLookup } from './sql-mapping.js';

/** The state of one fragment being written: its dialect, its bound parameters and its subquery aliases. */
export class SqlBuilder {
  /** The values bound so far, in placeholder order. */
  readonly params: SqlParameter[] = [];
  readonly dialect: SqlDialect;
  readonly tables: SqlTableLookup;
  readonly #firstParameter: number;
  readonly #taken: ReadonlySet<string>;
  #aliases = 0;

  /** `taken` lists the names the host's query already uses for the outer row, so no subquery hides them. */
  constructor(dialect: SqlDialect, tables: SqlTableLookup, firstParameter: number, taken: readonly string[]) {
    this.dialect = dialect;
    this.tables = tables;
    this.#firstParameter = firstParameter;
    // SQLite folds identifier case even when quoted, so compare the way the most lenient dialect does.
    this.#taken = new Set(taken.map((name) => name.toLowerCase()));
  }

  /** Binds a value and returns its placeholder. */
  bind(value: SqlParameter): string {
    this.params.push(value);
    return this.dialect.placeholder(this.#firstParameter + this.params.length - 1);
  }

  /** A subquery alias unused by this fragment and by the host's outer row (`p1`, `s2`, …). */
  freshAlias(prefix: string): string {
    let alias: string;
    do alias = `${prefix}${++this.#aliases}`;
    while (this.#taken.has(alias));
    return alias;
  }
}
