import { type ForcedSubject, subject as tagSubject } from '@casl/ability';

/** A record tagged with its table by `subject()`. */
export type TaggedRecord<TTable extends string = string> = ForcedSubject<TTable> & object;

/** The property CASL's `subject()` tags a record with. */
export const TYPE_FIELD = '__caslSubjectType__';

/**
 * The subject type of a record nobody tagged: no table, account kind or CASL wildcard can have this name
 * (it has a space), so no rule ever applies to it.
 */
export const UNTAGGED = 'untagged record';

const isEnumerable = Object.prototype.propertyIsEnumerable;

// A brand this library's `subject()` gives a record it tags itself: a private field, added through a base
// class whose constructor returns the record. Only this module can give or test it; it is not inherited, not
// copied by a spread or `Object.assign`, and invisible to reflection, `util.inspect` and deep-equality (which
// all see a symbol). A branded record holds the tag `subject()` defined (own, non-enumerable, never writable
// again); testing the brand is one load, where the general check below calls into the engine's runtime.
class ReturnsRecord {
  constructor(record: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the base-class return is what adds the brand to the record
    return record;
  }
}
class TaggedBySubject extends ReturnsRecord {
  #branded = true;
  static brand(record: object): void {
    new TaggedBySubject(record);
  }
  static has(record: object): boolean {
    return #branded in record;
  }
}

/** Whether the record's tag property is its own and not enumerable, as `subject()` defines it. */
export const hasOwnHiddenTag = (record: object): boolean =>
  TaggedBySubject.has(record) ||
  (Object.hasOwn(record, TYPE_FIELD) && !isEnumerable.call(record, TYPE_FIELD));

/**
 * The table a record was tagged with by `subject()`: an own, non-enumerable string (RELIABILITY 20). A request
 * body can carry `constructor` or an enumerable `__caslSubjectType__`, and a polluted prototype an inherited
 * one: none of them chooses the table, unlike CASL's default detection.
 */
export function taggedTableOf(record: object): string | undefined {
  const type = (record as Record<string, unknown>)[TYPE_FIELD];
  return typeof type === 'string' && hasOwnHiddenTag(record) ? type : undefined;
}

/** CASL's subject-type detection for this library: the genuine tag, else a type no rule names. */
export const detectSubjectType = (record: object): string => taggedTableOf(record) ?? UNTAGGED;

/**
 * Tags a record with its table so an ability checks it record by record (CASL's `subject`).
 * @example ability.can('read', subject('salesorder', order))
 */
export function subject<TTable extends string, TRecord extends object>(
  table: TTable,
  record: TRecord,
): TRecord & ForcedSubject<TTable> {
  // Branded only when CASL defines the tag here: a record that already had one keeps the general check.
  // Branded before CASL's `defineProperty`, which takes the object off its fast shape. A record that cannot
  // take the brand gets CASL's own error.
  if (
    typeof record === 'object' &&
    record !== null &&
    !Object.hasOwn(record, TYPE_FIELD) &&
    Object.isExtensible(record)
  ) {
    TaggedBySubject.brand(record);
  }
  return tagSubject(table, record as TRecord & Record<PropertyKey, unknown>);
}
