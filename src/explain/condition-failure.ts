import type { Condition } from '../base/condition.js';
import { compileCondition, type RecordPredicate } from '../base/matcher.js';
import { isObject, ownValue } from '../base/own.js';
import { isWellFormedText } from '../base/well-formed.js';

/**
 * What a record holds where a condition looked: only its kind, or the string itself. Objects, arrays and
 * numbers are never echoed back (they may carry other rows' data), only named by type.
 */
export type FoundValue =
  | { readonly kind: 'missing' }
  | { readonly kind: 'null' }
  | { readonly kind: 'string'; readonly value: string }
  | {
      readonly kind: 'other';
      readonly type: 'number' | 'boolean' | 'object' | 'array' | 'bigint' | 'function' | 'symbol';
    };

/** Why one leaf (or branch) of a rule's condition tree did not hold for a record. */
export type ConditionFailure =
  | { readonly operator: 'eq'; readonly field: string; readonly expected: string; readonly found: FoundValue }
  | {
      readonly operator: 'in';
      readonly field: string;
      readonly expected: readonly string[];
      readonly found: FoundValue;
    }
  | ParentFailure
  | SharedFailure
  | LinkedFailure
  | { readonly operator: 'or'; readonly alternatives: readonly (readonly ConditionFailure[])[] }
  | { readonly operator: 'unsupported'; readonly name: string };

/** A `parent` condition that did not hold: which step of reaching the related row failed. */
export interface ParentFailure {
  readonly operator: 'parent';
  readonly field: string;
  readonly table: string;
  readonly key: string;
  /**
   * `reference_not_a_string`: the record's relationship field holds no usable reference;
   * `reference_empty`: it holds `''`, which names no row (D2);
   * `reference_ill_formed`: it holds an unpaired UTF-16 surrogate, which no stored row can have;
   * `parent_missing`: the related row is not embedded under the parent table's name;
   * `parent_mismatch`: the embedded row is not the one the reference names (its key differs);
   * `parent_condition`: the related row is the right one but the parent grant does not cover it.
   */
  readonly problem:
    | 'reference_not_a_string'
    | 'reference_empty'
    | 'reference_ill_formed'
    | 'parent_missing'
    | 'parent_mismatch'
    | 'parent_condition';
  /** The record's relationship field. */
  readonly found: FoundValue;
  /** The embedded parent's key, for `parent_mismatch`. */
  readonly parentKey?: FoundValue;
  /** Why the parent row is not covered, for `parent_condition`. */
  readonly failures?: readonly ConditionFailure[];
}

/** A `shared` condition that did not hold: the record has no shares, or none for these principals. */
export interface SharedFailure {
  readonly operator: 'shared';
  readonly field: string;
  readonly principals: readonly string[];
  readonly privilege: string;
  readonly problem: 'shares_missing' | 'no_matching_share';
}

/**
 * A `linked` condition that did not hold: the record lists no related ids under `field` (missing, null or
 * not an array: `ids_not_a_list`), or its list does not include `id` (`not_linked`, an empty list included).
 */
export interface LinkedFailure {
  readonly operator: 'linked';
  readonly field: string;
  /** The many-to-many relationship the grant goes through. */
  readonly relationship: string;
  /** The contact id or account number the record must be linked to. */
  readonly id: string;
  readonly problem: 'ids_not_a_list' | 'not_linked';
  /** What the record holds under `field`. */
  readonly found: FoundValue;
}

function foundAt(record: unknown, field: string): FoundValue {
  if (!isObject(record) || !Object.hasOwn(record, field)) return { kind: 'missing' };
  const value = record[field];
  if (value === undefined) return { kind: 'missing' };
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value };
  return { kind: 'other', type: Array.isArray(value) ? 'array' : (typeof value as 'number') };
}

// Whether a node holds is always the matcher's answer (src/base/matcher.ts, the one statement of the
// semantics); the walkers below only say which part failed, once the matcher has said that something did.
const compiled = new WeakMap<object, RecordPredicate>();
function holds(condition: Condition, record: unknown): boolean {
  if (!isObject(condition)) return compileCondition(condition)(record);
  let predicate = compiled.get(condition);
  if (!predicate) {
    predicate = compileCondition(condition);
    compiled.set(condition, predicate);
  }
  return predicate(record);
}

type Walkers = {
  [K in Condition['operator']]: (
    condition: Extract<Condition, { operator: K }>,
    record: unknown,
  ) => ConditionFailure[];
};

// Each walker runs only for a node the matcher found false, and always reports at least one failure.
const walkers: Walkers = {
  eq: ({ field, value }, record) => [
    { operator: 'eq', field, expected: value, found: foundAt(record, field) },
  ],
  in: ({ field, value }, record) => [
    { operator: 'in', field, expected: value, found: foundAt(record, field) },
  ],
  parent: ({ field, value: { table, key, condition } }, record) => {
    const base = { operator: 'parent', field, table, key, found: foundAt(record, field) } as const;
    const reference = ownValue(record, field);
    if (typeof reference !== 'string') return [{ ...base, problem: 'reference_not_a_string' }];
    // The matcher never joins an empty reference (D2: '' is like null), whatever row is embedded.
    if (reference === '') return [{ ...base, problem: 'reference_empty' }];
    if (!isWellFormedText(reference)) return [{ ...base, problem: 'reference_ill_formed' }];
    const parent = ownValue(record, table);
    if (!isObject(parent)) return [{ ...base, problem: 'parent_missing' }];
    if (ownValue(parent, key) !== reference)
      return [{ ...base, problem: 'parent_mismatch', parentKey: foundAt(parent, key) }];
    return [{ ...base, problem: 'parent_condition', failures: condition ? whyNot(condition, parent) : [] }];
  },
  shared: ({ field, value: { principals, privilege } }, record) => [
    {
      operator: 'shared',
      field,
      principals,
      privilege,
      problem: Array.isArray(ownValue(record, field)) ? 'no_matching_share' : 'shares_missing',
    },
  ],
  linked: ({ field, value: { relationship, id } }, record) => [
    {
      operator: 'linked',
      field,
      relationship,
      id,
      problem: Array.isArray(ownValue(record, field)) ? 'not_linked' : 'ids_not_a_list',
      found: foundAt(record, field),
    },
  ],
  // The children that hold report nothing; at least one does not, or the matcher would have said true.
  and: ({ value }, record) => value.flatMap((child) => whyNot(child, record)),
  or: ({ value }, record) => [{ operator: 'or', alternatives: value.map((child) => whyNot(child, record)) }],
};

/**
 * Walks a condition tree against a record and returns every failed leaf: empty exactly when
 * `compileCondition(condition)(record)` is true, because that predicate decides every node.
 */
export function whyNot(condition: Condition, record: unknown): ConditionFailure[] {
  if (holds(condition, record)) return [];
  const operator: unknown = isObject(condition) ? condition.operator : undefined;
  // The matcher denies an unknown operator (own keys only, as there); say so rather than pretend it held.
  if (typeof operator !== 'string' || !Object.hasOwn(walkers, operator)) {
    return [{ operator: 'unsupported', name: String(operator) }];
  }
  const walk = walkers[operator as Condition['operator']] as (
    condition: Condition,
    record: unknown,
  ) => ConditionFailure[];
  return walk(condition, record);
}
