import type { PrincipalRead } from '../../principal/principal-key.js';

/**
 * The fast index behind `AbilityCache` hits: the fast reads (`readPrincipal`) of the cached principals, one
 * flat array per principal kind with a fixed number of slots per entry, found by the principal's id. A hit
 * compares the values read with one entry's, field by field: no key string is written and hashed, and the
 * values compared sit next to each other, so a hit touches a few cache lines instead of an object graph.
 *
 * Entries are found through an open-addressing table of (hash of the id, entry) pairs in an `Int32Array`
 * (linear probing) of its own, not a `Map`: a `Map` lookup reads a bucket, then an entry, then the key object
 * of every entry on the chain (another principal's id string, anywhere on the heap) before comparing. Here a probe reads one pair and compares the stored hash; only an
 * equal hash leads to the entry, whose values are compared anyway.
 *
 * Slot layout, per entry: policy id, session, ability, used flag, then the read's values after `kind` (the
 * table's kind), lists as shared frozen copies.
 */
const POLICY = 0;
const SESSION = 1;
const ABILITY = 2;
const USED = 3;
const HEADER = 4;
// An empty pair of the hash table: entries are stored as their first slot + 1.
const EMPTY = 0;
// The table starts small and doubles when three quarters full: a probe usually stops within its first two
// pairs (eight pairs share a cache line), and the table stays small enough to sit in the processor's cache.
const INITIAL_PAIRS = 16;

// A seed chosen per process: which ids share a probe sequence cannot be planned from outside. 30 bits, so
// that it is a small integer to V8: a seed beyond ±2^30 would be a heap number, and slow every hash.
const SEED = (Math.random() * 0x40000000) | 0;

/**
 * A 32-bit hash of `text`: MurmurHash3's mixing over its UTF-16 units taken two at a time, seeded. Two units
 * per step halve the dependent multiplications of a long id (a GUID is 36 units).
 */
function hashOf(text: string): number {
  const length = text.length;
  let hash = SEED;
  let index = 0;
  for (; index + 1 < length; index += 2) {
    hash ^= mixed(text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16));
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  if (index < length) hash ^= mixed(text.charCodeAt(index));
  hash ^= length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function mixed(word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

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
  /** Pairs (hash, first slot + 1), `EMPTY` where none; a power of two of pairs. */
  pairs = new Int32Array(2 * INITIAL_PAIRS);
  /** Pairs in use. */
  count = 0;
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
    const pairs = table.pairs;
    const mask = (pairs.length >> 1) - 1;
    const hash = hashOf(bucketOf(values));
    for (let pair = hash & mask; ; pair = (pair + 1) & mask) {
      const entry = pairs[2 * pair + 1]!;
      if (entry === EMPTY) return undefined;
      if (pairs[2 * pair] !== hash) continue;
      const at = entry - 1;
      if (
        slots[at + POLICY] === policyId &&
        slots[at + SESSION] === session &&
        sameValues(slots, at, values)
      ) {
        // Written only when it changes: a hit then leaves the entry's cache line clean.
        if (slots[at + USED] !== true) slots[at + USED] = true;
        return slots[at + ABILITY] as TAbility;
      }
    }
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
    slots[at + POLICY] = policyId;
    slots[at + SESSION] = session;
    slots[at + ABILITY] = ability;
    slots[at + USED] = false;
    for (let position = 1; position < values.length; position++) {
      const value = values[position];
      // Frozen copies: the read's own lists become the ability's principal, which callers can reach.
      slots[at + HEADER + position - 1] = Array.isArray(value) ? this.#intern(value) : value;
    }
    if (4 * (table.count + 1) > 3 * (table.pairs.length >> 1)) grow(table);
    insert(table.pairs, hashOf(bucketOf(values)), at);
    table.count++;
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
    const pairs = table.pairs;
    const mask = (pairs.length >> 1) - 1;
    let pair = hashOf(bucketOfSlots(table, at)) & mask;
    while (pairs[2 * pair + 1] !== at + 1) {
      if (pairs[2 * pair + 1] === EMPTY) return;
      pair = (pair + 1) & mask;
    }
    // Backward-shift deletion: every later pair of the run that may sit at `pair` moves there, so no probe
    // ever stops at a gap before the pair it looks for (no tombstones to sweep).
    let gap = pair;
    for (let next = (gap + 1) & mask; pairs[2 * next + 1] !== EMPTY; next = (next + 1) & mask) {
      const home = pairs[2 * next]! & mask;
      // `next` may move to `gap` unless its home lies cyclically in (gap, next].
      if (((next - home) & mask) >= ((next - gap) & mask)) {
        pairs[2 * gap] = pairs[2 * next]!;
        pairs[2 * gap + 1] = pairs[2 * next + 1]!;
        gap = next;
      }
    }
    pairs[2 * gap] = 0;
    pairs[2 * gap + 1] = EMPTY;
    table.count--;
    // Nothing of a removed entry stays reachable, and no pair leads to its slot any more.
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

// Entries are found by the principal's id (its kind when it has none: an anonymous visitor).
function bucketOf(values: readonly unknown[]): string {
  const id = values[1];
  return typeof id === 'string' ? id : (values[0] as string);
}

function bucketOfSlots(table: KindTable, at: number): string {
  const id = table.width > HEADER ? table.slots[at + HEADER] : undefined;
  return typeof id === 'string' ? id : table.kind;
}

/** Puts the pair (hash, at) at the first empty pair of its probe sequence. */
function insert(pairs: Int32Array, hash: number, at: number): void {
  const mask = (pairs.length >> 1) - 1;
  let pair = hash & mask;
  while (pairs[2 * pair + 1] !== EMPTY) pair = (pair + 1) & mask;
  pairs[2 * pair] = hash;
  pairs[2 * pair + 1] = at + 1;
}

/** Doubles the table, putting each pair again (its hash is kept, so no id is hashed twice). */
function grow(table: KindTable): void {
  const old = table.pairs;
  const pairs = new Int32Array(2 * old.length);
  for (let pair = 0; pair < old.length >> 1; pair++) {
    const entry = old[2 * pair + 1]!;
    if (entry !== EMPTY) insert(pairs, old[2 * pair]!, entry - 1);
  }
  table.pairs = pairs;
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
