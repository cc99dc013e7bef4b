/**
 * What a deeper or oversized value of a principal or option becomes in a snapshot: no schema accepts a
 * symbol, so it is refused by validation instead of being read through getters or a prototype.
 */
const NOT_COPIED = Symbol('not copied');

// Principals are at most six levels deep (principal → reports → indirect levels → one level → a report →
// its teams); anything deeper is refused by the schemas anyway, so the copy stops there and never follows a
// cycle.
const MAX_DEPTH = 6;
// No principal holds this many roles or teams; a sparse array claiming billions of items is not copied.
const MAX_ITEMS = 100_000;

// The prototype of every snapshot object: empty, frozen, and itself without a prototype, so nothing is inherited.
// (Objects from Object.create(null) live in V8's slow dictionary mode; these stay fast.)
const EMPTY_PROTOTYPE: object = Object.freeze(Object.create(null));

/** An empty object of the kind `ownData` makes: it inherits nothing. */
export function ownDataObject(): Record<string, unknown> {
  return Object.create(EMPTY_PROTOTYPE);
}

/**
 * A copy of plain data made of the value's OWN properties only (RELIABILITY 19): inherited fields, a polluted
 * `Object.prototype` and prototype getters are not read, and every own property is read exactly once, so
 * validation, compilation and cache keys all see the same values. Objects inherit nothing
 * (their prototype is an empty frozen object
 * without a prototype: a `__proto__` key stays an ordinary, unknown key) and arrays keep only their own items.
 */
export function ownData(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return NOT_COPIED;
  if (Array.isArray(value)) {
    const length = value.length;
    if (length > MAX_ITEMS) return NOT_COPIED;
    const items: unknown[] = new Array(length);
    for (let index = 0; index < length; index++) {
      // A hole is copied as an own `undefined`: it must never show Array.prototype's item at that index,
      // neither here nor to whoever reads the copy.
      if (!Object.hasOwn(value, index)) {
        items[index] = undefined;
        continue;
      }
      const item: unknown = value[index];
      // A primitive is its own copy: the call is saved for the names and ids most lists hold.
      items[index] = typeof item === 'object' && item !== null ? ownData(item, depth + 1) : item;
    }
    return items;
  }
  return ownDataOfNames(value, Object.getOwnPropertyNames(value), depth);
}

/** `ownData` of an object whose own names (`Object.getOwnPropertyNames`) were already listed. */
export function ownDataOfNames(value: object, names: readonly string[], depth = 0): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(EMPTY_PROTOTYPE);
  for (const key of names) copy[key] = ownData((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/**
 * A text key of plain data, the same for two values exactly when they hold the same data, whatever their key
 * order; an `undefined` property counts as absent. Values no schema accepts (numbers, functions…) are written
 * as their type only: they never reach a cache because validation refuses them.
 */
export function canonicalKey(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${entries.map((key) => `${JSON.stringify(key)}:${canonicalKey((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return `#${typeof value}`;
}

// Prefix-free: every encoding says where it ends (a string by its length, a list by its count), so written one
// after another they still name exactly one list of values, without escaping anything.
function encode(value: unknown): string {
  if (value === undefined) return '0';
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (value === null) return 'n';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) {
    let items = `a${value.length}[`;
    for (let index = 0; index < value.length; index++) items += encode(value[index]);
    return `${items}]`;
  }
  return `o${canonicalKey(value)}`;
}

/**
 * A text key of a validated principal's fields in a fixed order, equal for two principals exactly when their
 * fields hold the same data (an absent field reads as `undefined`); `replace` puts other text in place of some
 * fields. No key sorting and no JSON.stringify of containers (which would call a polluted `toJSON`).
 */
export function fieldsKey(
  record: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  replace?: Readonly<Record<string, string>>,
): string {
  let key = '';
  for (let position = 0; position < fields.length; position++) {
    const field = fields[position]!;
    key += encode(
      replace !== undefined && Object.hasOwn(replace, field)
        ? replace[field]
        : Object.hasOwn(record, field)
          ? record[field]
          : undefined,
    );
  }
  return key;
}
