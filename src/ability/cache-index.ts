import type { PrincipalRead } from '../principal/principal-key.js';

/**
 * The fast index behind `AbilityCache` hits: the fast reads (`readPrincipal`) of the cached principals, one
 * flat array per principal kind with a fixed number of slots per entry, found by the principal's id. A hit
 * compares the values read with one entry's, field by field: no key string is written and hashed, and the
 * values compared sit next to each other, so a hit touches a few cache lines instead of an object graph
 * (under load, a cache miss per object cost more than everything else a hit does).
 *
 * Slot layout, per entry: policy id, session, next entry of the chain (-1: none), ability, used flag, then
 * the read's values after `kind` (the table's kind), lists as shared frozen copies.
 */
const POLICY = 0;
const SESSION = 1;
const NEXT = 2;
const ABILITY = 3;
const USED = 4;
const HEADER = 5;
const NONE = -1;

// Role lists repeat across principals: one frozen copy per distinct list keeps the lists a hit compares
// with in the processor's cache. Bounded; a list beyond it gets a frozen copy of its own.
const MAX_INTERNED = 1024;

/** A place in the index: the table of the principal's kind and the entry's first slot in it. */
export interface IndexSlot {
  readonly table: KindTable;
  readonly at: number;
}

class KindTable {
  readonly width: number;
  readonly slots: unknown[] = [];
  readonly heads = new Map<string, number>();
  readonly free: number[] = [];

  constructor(
    readonly kind: string,
    fields: number,
  ) {
    this.width = HEADER + fields - 1;
  }
}

/** The filed reads of one `AbilityCache`. */
export class CacheIndex<TAbility> {
  // Contacts are most principals of a portal: their table is a field, the others are found by kind.
  #contacts: KindTable | undefined;
  readonly #tables = new Map<unknown, KindTable>();
  readonly #interned = new Map<string, readonly string[]>();

  /**
   * The ability filed for exactly these values (a `probePrincipal`) under this policy and session, marked
   * used, if any.
   */
  find(policyId: number, session: string, values: readonly unknown[]): TAbility | undefined {
    const kind = values[0];
    const table = kind === 'contact' ? this.#contacts : this.#tables.get(kind);
    if (table === undefined) return undefined;
    const slots = table.slots;
    let at = table.heads.get(bucketOf(values));
    while (at !== undefined && at !== NONE) {
      if (
        slots[at + POLICY] === policyId &&
        slots[at + SESSION] === session &&
        sameValues(slots, at, values)
      ) {
        slots[at + USED] = true;
        return slots[at + ABILITY] as TAbility;
      }
      at = slots[at + NEXT] as number;
    }
    return undefined;
  }

  /** Files `ability` under these values; they must be a valid snapshot's (equal values then mean that snapshot). */
  file(policyId: number, session: string, read: PrincipalRead, ability: TAbility): IndexSlot {
    const values = read.values;
    let table = this.#tables.get(values[0]);
    if (table === undefined) {
      table = new KindTable(values[0] as string, values.length);
      this.#tables.set(values[0], table);
      if (values[0] === 'contact') this.#contacts = table;
    }
    const slots = table.slots;
    const at = table.free.length > 0 ? table.free.pop()! : slots.length;
    const bucket = bucketOf(values);
    slots[at + POLICY] = policyId;
    slots[at + SESSION] = session;
    slots[at + NEXT] = table.heads.get(bucket) ?? NONE;
    slots[at + ABILITY] = ability;
    slots[at + USED] = false;
    for (let position = 1; position < values.length; position++) {
      const value = values[position];
      // Frozen copies: the read's own lists become the ability's principal, which callers can reach.
      slots[at + HEADER + position - 1] = Array.isArray(value) ? this.#intern(value) : value;
    }
    table.heads.set(bucket, at);
    return { table, at };
  }

  /** Whether the entry was used since the flag was last cleared; clears it. */
  takeUsed(slot: IndexSlot): boolean {
    const slots = slot.table.slots;
    const used = slots[slot.at + USED] === true;
    slots[slot.at + USED] = false;
    return used;
  }

  /** Takes an entry out of the index. */
  remove(slot: IndexSlot): void {
    const { table, at } = slot;
    const slots = table.slots;
    const id = table.width > HEADER ? slots[at + HEADER] : undefined;
    const bucket = typeof id === 'string' ? id : table.kind;
    let previous = NONE;
    let current = table.heads.get(bucket) ?? NONE;
    while (current !== NONE && current !== at) {
      previous = current;
      current = slots[current + NEXT] as number;
    }
    if (current === NONE) return;
    const next = slots[at + NEXT] as number;
    if (previous !== NONE) slots[previous + NEXT] = next;
    else if (next !== NONE) table.heads.set(bucket, next);
    else table.heads.delete(bucket);
    // Nothing of a removed entry stays reachable, and no chain leads to its slot any more.
    for (let offset = 0; offset < table.width; offset++) slots[at + offset] = undefined;
    table.free.push(at);
  }

  /** Forgets every entry. */
  clear(): void {
    this.#tables.clear();
    this.#contacts = undefined;
    this.#interned.clear();
  }

  #intern(list: readonly unknown[]): readonly string[] {
    let key = '';
    for (let index = 0; index < list.length; index++) {
      const item = list[index] as string;
      key += `${item.length}:${item}`;
    }
    let interned = this.#interned.get(key);
    if (interned !== undefined) return interned;
    interned = Object.freeze([...(list as readonly string[])]);
    if (this.#interned.size < MAX_INTERNED) this.#interned.set(key, interned);
    return interned;
  }
}

// Entries are chained by the principal's id (its kind when it has none: an anonymous visitor).
function bucketOf(values: readonly unknown[]): string {
  const id = values[1];
  return typeof id === 'string' ? id : (values[0] as string);
}

/**
 * Whether the entry at `at` holds exactly the probed `values`: field by field, lists item by item, each item
 * the list's own (a hole must not match through a polluted `Array.prototype`). Exactly when `readOf` of the
 * probe is defined and has the filed read's `readKey`: filed values are strings, booleans, null, absent or
 * frozen lists of strings that no caller can reach (so a probed value is never one of them itself).
 */
function sameValues(slots: readonly unknown[], at: number, values: readonly unknown[]): boolean {
  for (let position = 1; position < values.length; position++) {
    const x = values[position];
    const y = slots[at + HEADER + position - 1];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < y.length; index++) {
      if (x[index] !== y[index] || !Object.hasOwn(x, index)) return false;
    }
  }
  return true;
}
