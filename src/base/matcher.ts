import type { MatchConditions } from '@casl/ability';
import type { Condition } from './condition.js';
import { isObject, ownValue } from './own.js';
import { isWellFormedText } from './well-formed.js';

/** A compiled condition: answers for one record. */
export type RecordPredicate = (record: unknown) => boolean;

/** A compiled condition whose caller passes only objects (it may throw on `null` or `undefined`). */
export type ObjectPredicate = (record: object) => boolean;

type Compiler<TCondition extends Condition> = (condition: TCondition) => RecordPredicate;
type Compilers = { [K in Condition['operator']]: Compiler<Extract<Condition, { operator: K }>> };

// Own elements only: a hole must not read a polluted `Array.prototype[0]` (`includes` and `some` would).
function listsOwn(list: readonly unknown[], value: string): boolean {
  for (let index = 0; index < list.length; index++) {
    if (list[index] === value && Object.hasOwn(list, index)) return true;
  }
  return false;
}

/**
 * Whether one of `shares` (the record's own list) grants `privilege` to one of `grantees`: an own share
 * whose own `principal` is a grantee and whose own `privileges` list holds it. Own items only: `some` and
 * `includes` would read a polluted `Array.prototype` item through a hole.
 */
export function sharesGrant(
  shares: readonly unknown[],
  grantees: ReadonlySet<string>,
  privilege: string,
): boolean {
  for (let index = 0; index < shares.length; index++) {
    if (!Object.hasOwn(shares, index)) continue;
    const share = shares[index];
    const principal = ownValue(share, 'principal');
    if (typeof principal !== 'string' || !grantees.has(principal)) continue;
    const privileges = ownValue(share, 'privileges');
    if (Array.isArray(privileges) && listsOwn(privileges, privilege)) return true;
  }
  return false;
}

const setCache = new WeakMap<readonly string[], ReadonlySet<string>>();
/** One set per list, cached by identity: the frozen subtree arrays of a policy are shared by every ability. */
export function setOf(values: readonly string[]): ReadonlySet<string> {
  let set = setCache.get(values);
  if (!set) {
    set = new Set(values);
    setCache.set(values, set);
  }
  return set;
}

const compilers: Compilers = {
  eq:
    ({ field, value }) =>
    (record) =>
      ownValue(record, field) === value,
  in: ({ field, value }) => {
    const set = setOf(value);
    return (record) => {
      const actual = ownValue(record, field);
      return typeof actual === 'string' && set.has(actual);
    };
  },
  parent: ({ field, value: { table, key, condition } }) => {
    const matchesParent = condition ? compileCondition(condition) : () => true;
    return (record) => {
      const reference = ownValue(record, field);
      const parent = ownValue(record, table);
      // An empty reference names no row: '' never joins '' (fail closed, like null; SQL must agree). Nor does an
      // ill-formed one: a database would store it changed, so it names no row it holds (RELIABILITY 22).
      return (
        typeof reference === 'string' &&
        reference !== '' &&
        isWellFormedText(reference) &&
        ownValue(parent, key) === reference &&
        matchesParent(parent)
      );
    };
  },
  shared: ({ field, value: { principals, privilege } }) => {
    const grantees = setOf(principals);
    return (record) => {
      const shares = ownValue(record, field);
      return Array.isArray(shares) && sharesGrant(shares, grantees, privilege);
    };
  },
  // The related ids are an array of strings: a missing, null or mistyped list, or an empty one, links nothing.
  linked:
    ({ field, value: { id } }) =>
    (record) => {
      const ids = ownValue(record, field);
      return Array.isArray(ids) && listsOwn(ids, id);
    },
  and: ({ value }) => {
    const parts = value.map(compileCondition);
    if (parts.length === 2) {
      const [first, second] = parts as [RecordPredicate, RecordPredicate];
      return (record) => first(record) && second(record);
    }
    return (record) => parts.every((part) => part(record));
  },
  or: ({ value }) => {
    const parts = value.map(compileCondition);
    return anyOf(parts);
  },
};

/** Combines predicates with OR, specialised for the small counts abilities actually have. */
export function anyOf(parts: readonly RecordPredicate[]): RecordPredicate {
  switch (parts.length) {
    case 0:
      return () => false;
    case 1:
      return parts[0]!;
    case 2: {
      const [first, second] = parts as [RecordPredicate, RecordPredicate];
      return (record) => first(record) || second(record);
    }
    default:
      return (record) => parts.some((part) => part(record));
  }
}

/** Compiles a condition tree into a plain predicate once, so checks never interpret it again. */
export function compileCondition(condition: Condition): RecordPredicate {
  const operator = isObject(condition) ? condition.operator : undefined;
  // Conditions come from our compiler or from unpacked rules; an unknown operator must deny, not throw later.
  // Own keys only: `toString`, `constructor` or `__proto__` must not find Object.prototype's members.
  if (typeof operator !== 'string' || !Object.hasOwn(compilers, operator)) return () => false;
  return (compilers[operator as Condition['operator']] as Compiler<Condition>)(condition);
}

/**
 * CASL's `conditionsMatcher` extension point for this library's condition tree: a predicate with the tree
 * as `ast` (for `rulesToAST`). Use it to evaluate unpacked rules elsewhere, e.g. in a browser:
 * `new Ability(unpackRules(packed), { conditionsMatcher })`.
 */
export function conditionsMatcher(condition: Condition): MatchConditions {
  const predicate = compileCondition(condition) as RecordPredicate & { ast?: unknown };
  predicate.ast = condition;
  return predicate as unknown as MatchConditions;
}
