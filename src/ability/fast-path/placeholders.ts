// Principals with the same roles, account state, teams… compile to the same rules but for the ids they are
// compared with. A template compiles once with placeholders in place of those ids; each ability then only
// puts its principal's ids in. A placeholder starts with a lone surrogate: every id is well-formed Unicode
// (RELIABILITY 22), so no principal value can be mistaken for one.
const MARK = '\uDC00';
/** The placeholder standing for the id in `slot`. */
export const placeholder = (slot: number): string => `${MARK}${slot}`;
// A principal opens at most three slots (id, account, legal entity): their texts are made once.
export const SLOTS: readonly string[] = [placeholder(0), placeholder(1), placeholder(2)];
/** The slot a placeholder stands for, or -1 for any other text. */
export const slotOf = (text: string): number =>
  text.length > 1 && text.charCodeAt(0) === 0xdc00 ? Number(text.slice(1)) : -1;

/** Freezes `value` and everything below it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

// Objects of templates that hold a placeholder somewhere below: instantiating skips every other part.
const holders = new WeakSet<object>();

/** Whether a placeholder stands anywhere below `value`; marks every holder on the way. */
export function holdsPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return slotOf(value) >= 0;
  if (typeof value !== 'object' || value === null) return false;
  if (holders.has(value)) return true;
  // Every part is visited (no early exit), so each holder below is marked too.
  let holds = false;
  for (const item of Object.values(value)) if (holdsPlaceholder(item)) holds = true;
  if (holds) holders.add(value);
  return holds;
}

/** Puts one principal's ids into a template part. */
export type Instantiate<T> = (values: readonly string[]) => T;

const RULE_KEYS = ['action', 'subject', 'conditions', 'reason', 'provenance'] as const;
const LEAF_KEYS = ['operator', 'field', 'value'] as const;
const GROUP_KEYS = ['operator', 'value'] as const;
const SHARE_KEYS = ['principals', 'privilege'] as const;
const SHARE_PROVENANCE_KEYS = ['kind', 'privilege', 'grantees', 'securityRole'] as const;

const sameKeys = (keys: readonly string[], expected: readonly string[]): boolean =>
  keys.length === expected.length && keys.every((key, index) => key === expected[index]);

/**
 * A function putting ids into `value`'s placeholders, compiled once per template; parts without one are
 * shared, not copied. (Building objects key by key: spreading a frozen object is a slow path in V8.)
 */
export function instantiator<T>(value: T): Instantiate<T> | undefined {
  if (typeof value === 'string') {
    const slot = slotOf(value);
    return slot >= 0 ? (values) => values[slot] as T : undefined;
  }
  if (typeof value !== 'object' || value === null || !holders.has(value)) return undefined;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const parts = keys.map((key) => instantiator(source[key]));
  if (Array.isArray(value)) {
    // A plain copy of the items, sliced per ability (one block copy), and only the items holding a
    // placeholder (a user's id among their teams) put in: an item without one is never read or written.
    const items = Array.from(value as readonly unknown[]);
    const positions = parts.flatMap((part, index) => (part === undefined ? [] : [index]));
    const putters = positions.map((index) => parts[index]!);
    if (items.length === keys.length && keys.every((key, index) => key === String(index))) {
      return (values) => {
        const copy = items.slice();
        for (let index = 0; index < positions.length; index++) {
          copy[positions[index]!] = putters[index]!(values);
        }
        return copy as T;
      };
    }
    return (values) => {
      const copy: unknown[] = new Array(keys.length);
      for (let index = 0; index < keys.length; index++) {
        const part = parts[index];
        copy[index] = part === undefined ? source[index] : part(values);
      }
      return copy as T;
    };
  }
  const part = (key: string): Instantiate<unknown> => {
    const apply = parts[keys.indexOf(key)];
    return apply ?? (() => source[key]);
  };
  // A condition as one literal, in the source's key order (`eq`, `in`… then `and`, `or`): built key by key,
  // each object went through a generic store per key.
  if (sameKeys(keys, LEAF_KEYS)) {
    const [operator, field, leaf] = LEAF_KEYS.map(part);
    return (values) => ({ operator: operator!(values), field: field!(values), value: leaf!(values) }) as T;
  }
  if (sameKeys(keys, GROUP_KEYS)) {
    const [operator, group] = GROUP_KEYS.map(part);
    return (values) => ({ operator: operator!(values), value: group!(values) }) as T;
  }
  // A share condition's value and a share's provenance: both name the user among the grantees.
  if (sameKeys(keys, SHARE_KEYS)) {
    const [principals, privilege] = SHARE_KEYS.map(part);
    return (values) => ({ principals: principals!(values), privilege: privilege!(values) }) as T;
  }
  if (sameKeys(keys, SHARE_PROVENANCE_KEYS)) {
    const [kind, privilege, grantees, securityRole] = SHARE_PROVENANCE_KEYS.map(part);
    return (values) =>
      ({
        kind: kind!(values),
        privilege: privilege!(values),
        grantees: grantees!(values),
        securityRole: securityRole!(values),
      }) as T;
  }
  if (keys.length === RULE_KEYS.length && RULE_KEYS.every((key) => keys.includes(key))) {
    // A rule as one literal: its five fields stay inside the object instead of a separate property store.
    const [action, subject, conditions, reason, provenance] = RULE_KEYS.map(part);
    return (values) =>
      ({
        action: action!(values),
        subject: subject!(values),
        conditions: conditions!(values),
        reason: reason!(values),
        provenance: provenance!(values),
      }) as T;
  }
  return (values) => {
    const copy: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const part = parts[index];
      copy[key] = part === undefined ? source[key] : part(values);
    }
    return copy as T;
  };
}

/** `value` with every placeholder replaced by its id. */
export function instantiate<T>(value: T, values: readonly string[]): T {
  const apply = instantiator(value);
  return apply === undefined ? value : apply(values);
}
