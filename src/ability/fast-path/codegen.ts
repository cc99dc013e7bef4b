import type { Condition } from '../../base/condition.js';
import {
  anyOf,
  compileCondition,
  type ObjectPredicate,
  type RecordPredicate,
  setOf,
  sharesGrant,
} from '../../base/matcher.js';
import { IDENTIFIER_PATTERN } from '../../base/names.js';
import { isWellFormedText } from '../../base/well-formed.js';
import { isJitless } from '../config.js';
import { mergeLeaves } from './merged-leaves.js';

/**
 * Compiles the conditions of every rule for one (action, table) pair into ONE function with the field
 * names written out, so V8 sees monomorphic property reads (closures sharing one body go megamorphic).
 * Field names are validated identifiers and are emitted as JSON string literals; values are
 * never written into the source: they are bound as arguments. Semantics equal `compileCondition`'s.
 */
interface Emitter {
  readonly values: unknown[];
  temporaries: number;
}

const key = (name: string) => JSON.stringify(name);
// Up to this many values, an `in` test compares one by one instead of looking up a set.
const SMALL_IN = 4;

function bind(emitter: Emitter, value: unknown): string {
  emitter.values.push(value);
  return `a${emitter.values.length - 1}`;
}

function read(record: string, field: string): string {
  return `${record}[${key(field)}]`;
}

// Whether the value just read from `record` is its own property (a polluted prototype never grants access).
// It is when the record's prototype is this realm's `Object.prototype` and that holds no such key, or when it
// has no prototype: nothing else could have supplied a value. Both tests fold to constants once V8 knows the
// record's shape and `Object.prototype`'s; any other record (a class instance, another realm's object, a
// polluted `Object.prototype`) is asked `Object.hasOwn`, so the answer is `Object.hasOwn`'s for every object.
function owns(record: string, field: string): string {
  const has = `hasOwn(${record}, ${key(field)})`;
  return `((o = getPrototypeOf(${record})) === objectPrototype ? !(${key(field)} in objectPrototype) || ${has} : o === null || ${has})`;
}

// A matching value must be the record's own property.
function ownEquals(record: string, field: string, expected: string): string {
  return `(${read(record, field)} === ${expected} && ${owns(record, field)})`;
}

function emit(condition: Condition, record: string, emitter: Emitter): string {
  switch (condition.operator) {
    case 'eq':
      return ownEquals(record, condition.field, bind(emitter, condition.value));
    case 'in': {
      const values = condition.value;
      if (values.length === 0 || values.length > SMALL_IN) {
        return `(${bind(emitter, setOf(values))}.has(${read(record, condition.field)}) && ${owns(record, condition.field)})`;
      }
      // A few values (the user and their teams) are compared one by one: each is bound on its own, so a
      // template puts an id in without building a set per ability.
      const value = `p${emitter.temporaries++}`;
      const first = `(${value} = ${read(record, condition.field)}) === ${bind(emitter, values[0])}`;
      const rest = values.slice(1).map((item) => ` || ${value} === ${bind(emitter, item)}`);
      return `((${first}${rest.join('')}) && ${owns(record, condition.field)})`;
    }
    case 'parent': {
      const parent = `p${emitter.temporaries++}`;
      const { table, key: parentKey, condition: parentCondition } = condition.value;
      const reference = read(record, condition.field);
      return [
        // An empty reference names no row: '' never joins '' (fail closed, like null; SQL must agree).
        `(typeof ${reference} === 'string' && ${reference} !== '' && ${owns(record, condition.field)} && wellFormed(${reference})`,
        `typeof (${parent} = ${read(record, table)}) === 'object' && ${parent} !== null && ${owns(record, table)}`,
        ownEquals(parent, parentKey, reference),
        `${parentCondition ? emit(parentCondition, parent, emitter) : 'true'})`,
      ].join(' && ');
    }
    case 'and':
      return condition.value.length === 0
        ? 'true'
        : `(${condition.value.map((child) => emit(child, record, emitter)).join(' && ')})`;
    case 'or':
      return condition.value.length === 0
        ? 'false'
        : `(${condition.value.map((child) => emit(child, record, emitter)).join(' || ')})`;
    case 'shared': {
      // Most records have no shares: the list is read and tested inline, the shares only when there are some.
      // The grantees are a bound value (not a closure), so a template binds them like any other value.
      const shares = `p${emitter.temporaries++}`;
      const { principals, privilege } = condition.value;
      return `(Array.isArray(${shares} = ${read(record, condition.field)}) && ${owns(record, condition.field)} && sharesGrant(${shares}, ${bind(emitter, setOf(principals))}, ${bind(emitter, privilege)}))`;
    }
    default:
      // Rare kinds (records linked through a many-to-many relationship) run through the closure compiler.
      return `${bind(emitter, compileCondition(condition))}(${record})`;
  }
}

function fieldsOf(condition: Condition): string[] {
  switch (condition.operator) {
    case 'and':
    case 'or':
      return condition.value.flatMap(fieldsOf);
    case 'parent':
      return [
        condition.field,
        condition.value.table,
        condition.value.key,
        ...(condition.value.condition ? fieldsOf(condition.value.condition) : []),
      ];
    default:
      return [condition.field];
  }
}

// Whether this realm lets us generate code, asked once, lazily: not on import (a strict CSP reports even a
// caught attempt), and never while `configure({ jitless: true })` is set.
let codeGenerationAllowed: boolean | undefined;

function probeCodeGeneration(): boolean {
  try {
    return new Function('return true')() === true;
  } catch {
    // A Content-Security-Policy without 'unsafe-eval', or --disallow-code-generation-from-strings.
    return false;
  }
}

function generatesCode(): boolean {
  if (isJitless()) return false;
  codeGenerationAllowed ??= probeCodeGeneration();
  return codeGenerationAllowed;
}

type Factory = (
  values: unknown[],
  hasOwn: (object: object, key: PropertyKey) => boolean,
  getPrototypeOf: (object: object) => object | null,
  objectPrototype: object,
  wellFormed: (text: string) => boolean,
  shares: typeof sharesGrant,
) => RecordPredicate;
// The source depends only on the rules' shape (fields and operators), never on values, so abilities of
// principals with the same roles share one parsed function instead of paying for new Function each time.
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 1000;

function factoryFor(prelude: string, source: string): Factory {
  const text = `${prelude}return function matches(r) { ${source} }`;
  let factory = factories.get(text);
  if (!factory) {
    factory = new Function(
      'v',
      'hasOwn',
      'getPrototypeOf',
      'objectPrototype',
      'wellFormed',
      'sharesGrant',
      text,
    ) as Factory;
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factories.set(text, factory);
  }
  return factory;
}

/** A generated predicate before its values are bound: bind them with `bindGenerated`. */
export interface GeneratedRules {
  readonly factory: Factory;
  readonly values: readonly unknown[];
}

/**
 * The generated function and the values it binds, or `undefined` where code is not generated (jitless, a
 * realm that forbids it, or a field name that is not a plain identifier). Leaves on one field are merged
 * (`mergeLeaves`; only values `mergeable` accepts). Unless `objectsOnly`, the function refuses anything but
 * an object itself; with it, the caller has made sure it passes only objects (a record check's hot path, where
 * the test would be made twice).
 */
export function generateRules(
  conditions: readonly Condition[],
  mergeable?: (value: string) => boolean,
  objectsOnly = false,
): GeneratedRules | undefined {
  const safe = conditions.flatMap(fieldsOf).every((field) => IDENTIFIER_PATTERN.test(field));
  if (!safe || !generatesCode()) return undefined;
  const emitter: Emitter = { values: [], temporaries: 0 };
  const body = mergeLeaves(conditions, mergeable)
    .map((condition) => emit(condition, 'r', emitter))
    .join(' || ');
  // `o` holds the prototype of the record an own test is asking about.
  const temporaries = ['o', ...Array.from({ length: emitter.temporaries }, (_, index) => `p${index}`)];
  const guard = objectsOnly ? '' : "typeof r === 'object' && r !== null && ";
  const source = `let ${temporaries.join(', ')}; return ${guard}(${body});`;
  // Each bound value is a constant of the predicate's closure: once V8 inlines the predicate, it compares
  // with the value itself instead of loading it from an array on every call.
  const constants = emitter.values.map((_, index) => `a${index} = v[${index}]`);
  const prelude = constants.length ? `const ${constants.join(', ')}; ` : '';
  return { factory: factoryFor(prelude, source), values: emitter.values };
}

/** The predicate of generated rules with `values` in place of the ones they were generated with. */
export function bindGenerated(generated: GeneratedRules, values: unknown[]): ObjectPredicate {
  return generated.factory(
    values,
    Object.hasOwn,
    Object.getPrototypeOf,
    Object.prototype,
    isWellFormedText,
    sharesGrant,
  );
}

/**
 * One predicate for a list of rule conditions (OR); `undefined` stands for an unconditional rule. Generated
 * code when the realm allows it and `configure({ jitless: true })` is not set; `compileCondition`'s closures
 * otherwise, with the same answers.
 */
export function compileRules(conditions: readonly (Condition | undefined)[]): RecordPredicate {
  // Generated with the object test, or closures that read only own values: either answers for any value.
  return compileAny(conditions, false) as RecordPredicate;
}

/** `compileRules` for a caller that passes only objects: the same answers on every object. */
export function compileObjectRules(conditions: readonly (Condition | undefined)[]): ObjectPredicate {
  return compileAny(conditions, true);
}

function compileAny(conditions: readonly (Condition | undefined)[], objectsOnly: boolean): ObjectPredicate {
  if (conditions.length === 0) return () => false;
  if (conditions.some((condition) => condition === undefined)) return () => true;
  const list = conditions as readonly Condition[];
  const generated = generateRules(list, undefined, objectsOnly);
  if (generated) return bindGenerated(generated, generated.values as unknown[]);
  return anyOf(list.map(compileCondition));
}
