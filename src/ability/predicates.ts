import { columnOf, namesNoColumn } from '../base/column-access.js';
import type { ObjectPredicate, RecordPredicate } from '../base/matcher.js';

/** How many columns' field predicates one ability keeps per (action, table). */
export const MAX_CACHED_FIELDS = 256;

const NEVER: RecordPredicate = () => false;

/**
 * How an ability's predicates are compiled from its rules, however it holds them: one table of functions shared
 * by every ability, each given the ability (`TOwner`) it compiles for.
 */
export interface PredicateSource<TOwner> {
  /** The predicate deciding `action` on records of `table`; it is given objects only. */
  row(owner: TOwner, action: string, table: string): ObjectPredicate;
  /** The predicate deciding `action` on `field` of records of `table`. */
  field(owner: TOwner, action: string, table: string, field: string): RecordPredicate;
  /** Whether no rule can apply to a record nobody tagged, for `action`. */
  untaggedNeverGrants(owner: TOwner, action: string): boolean;
}

type ByTable<T> = Map<string, Map<string, T>>;

function entryOf<T>(map: Map<string, T>, key: string, create: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * An ability's predicates, one per (action, table) and one per (action, table, field), each compiled on first
 * use. A one-entry memo stands in front of each map: hot loops check one pair over and over, and most requests
 * check a single pair, so the row maps are made only for the second.
 */
export class Predicates<TOwner = unknown> {
  readonly #owner: TOwner;
  readonly #source: PredicateSource<TOwner>;
  #rows: ByTable<ObjectPredicate> | undefined;
  #lastAction: string | undefined;
  #lastTable: string | undefined;
  #lastPredicate: ObjectPredicate | undefined;
  // Whether no rule applies to an untagged record for #lastAction: the tag may then be checked after the
  // predicate (see `late`).
  #lastLate = false;
  #fields: ByTable<Map<string, RecordPredicate>> | undefined;
  #lastFieldAction: string | undefined;
  #lastFieldTable: string | undefined;
  #lastField: string | undefined;
  #lastFieldPredicate: RecordPredicate | undefined;

  constructor(owner: TOwner, source: PredicateSource<TOwner>) {
    this.#owner = owner;
    this.#source = source;
  }

  /**
   * The memo's predicate when it holds (action, table) and no rule applies to untagged records for the action:
   * a record whose tag is not genuine is then denied anyway, so its tag need be checked only when this grants.
   */
  late(action: string, table: string): ObjectPredicate | undefined {
    return action === this.#lastAction && table === this.#lastTable && this.#lastLate
      ? this.#lastPredicate
      : undefined;
  }

  /** Whether `record` passes the predicate of (action, table). */
  decide(action: string, table: string, record: object): boolean {
    if (action === this.#lastAction && table === this.#lastTable) return this.#lastPredicate!(record);
    const predicate = this.objectRow(action, table);
    if (action !== this.#lastAction || table !== this.#lastTable) this.#remember(action, table, predicate);
    return predicate(record);
  }

  /** The single predicate deciding `action` on records of `table`: anything but an object is refused. */
  row(action: string, table: string): RecordPredicate {
    const predicate = this.objectRow(action, table);
    // Compiled for objects: a value that is no object is refused after the predicate grants, or when it throws.
    const guarded: RecordPredicate = (record) => {
      try {
        return predicate(record as object) && typeof record === 'object' && record !== null;
      } catch (error) {
        if (typeof record !== 'object' || record === null) return false;
        throw error;
      }
    };
    // Named as the predicate it guards, so profiles and stack traces still tell generated code (`matches`).
    return Object.defineProperty(guarded, 'name', { value: predicate.name });
  }

  /** The predicate of (action, table), given objects only: its caller makes the object test. */
  objectRow(action: string, table: string): ObjectPredicate {
    if (action === this.#lastAction && table === this.#lastTable) return this.#lastPredicate!;
    if (this.#rows === undefined) {
      if (this.#lastPredicate === undefined) {
        const first = this.#source.row(this.#owner, action, table);
        this.#remember(action, table, first);
        return first;
      }
      this.#rows = new Map([[this.#lastAction!, new Map([[this.#lastTable!, this.#lastPredicate]])]]);
    }
    const byTable = entryOf(this.#rows, action, () => new Map<string, ObjectPredicate>());
    return entryOf(byTable, table, () => this.#source.row(this.#owner, action, table));
  }

  #remember(action: string, table: string, predicate: ObjectPredicate): void {
    this.#lastAction = action;
    this.#lastTable = table;
    this.#lastPredicate = predicate;
    this.#lastLate = this.#source.untaggedNeverGrants(this.#owner, action);
  }

  /** Whether `record` passes the predicate of (action, table, field); kept apart so the row path stays small. */
  decideField(action: string, table: string, field: string, record: object): boolean {
    if (action === this.#lastFieldAction && table === this.#lastFieldTable && field === this.#lastField) {
      return this.#lastFieldPredicate!(record);
    }
    const predicate = this.field(action, table, field);
    this.#lastFieldAction = action;
    this.#lastFieldTable = table;
    this.#lastField = field;
    this.#lastFieldPredicate = predicate;
    return predicate(record);
  }

  /**
   * The predicate deciding `action` on `field` of records of `table`. A path is decided by its column, so
   * `price.amount` is denied wherever `price` is (RELIABILITY 24); a name that is no column is never allowed.
   */
  field(action: string, table: string, field: string): RecordPredicate {
    if (namesNoColumn(field)) return NEVER;
    const column = columnOf(field);
    this.#fields ??= new Map();
    const byTable = entryOf(this.#fields, action, () => new Map<string, Map<string, RecordPredicate>>());
    const byField = entryOf(byTable, table, () => new Map<string, RecordPredicate>());
    const kept = byField.get(column);
    if (kept !== undefined) return kept;
    const predicate = this.#source.field(this.#owner, action, table, column);
    // Field names may come from a request body (pickPermitted reads the record's keys) and a cached ability
    // lives across requests: past the bound, predicates are compiled per call, never kept (RELIABILITY 21).
    if (byField.size < MAX_CACHED_FIELDS) byField.set(column, predicate);
    return predicate;
  }
}
