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

/**
 * Whether a value is a record holding one table's brand: given `subject()` by this library, with that table.
 * Any value may be asked: one that is not an object holds no brand.
 */
export type BrandTest = (value: unknown) => boolean;

// One brand per table, which this library's `subject()` gives a record it tags itself: a private field, added
// through a base class whose constructor returns the record. Only this module can give or test it; it is not
// inherited, not copied by a spread, `Object.assign` or `structuredClone`, and invisible to reflection, JSON,
// `util.inspect` and deep-equality. A record holding the brand of a table holds the tag `subject()` defined
// with that table: own, non-enumerable, never writable again. Testing it is a test of the record's shape,
// where reading the tag and checking it is genuine load the record's other properties and call the runtime.
class ReturnsRecord {
  constructor(record: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the base-class return is what adds the brand to the record
    return record;
  }
}

interface Brand {
  /** Brands the record and returns it: returned, so that no bundler drops the construction as unused. */
  readonly give: <TRecord extends object>(record: TRecord) => TRecord;
  readonly test: BrandTest;
}

function createBrand(): Brand {
  class Branded extends ReturnsRecord {
    #branded = true;
    static give<TRecord extends object>(record: TRecord): TRecord {
      return new Branded(record) as TRecord;
    }
    // The test of the brand is a test of the value's shape, which also tells an object from the rest: `in`
    // refuses a primitive with a TypeError, and a primitive holds no brand. A hot `can` thus tests no type first.
    static has(value: unknown): boolean {
      try {
        return #branded in (value as object);
      } catch {
        return false;
      }
    }
  }
  return { give: Branded.give, test: Branded.has };
}

// Table names may come from a request: past this many, records of further tables go unbranded (the general
// check below answers for them), so the classes made stay bounded (RELIABILITY 21).
const MAX_BRANDS = 1024;
const brands = new Map<string, Brand>();

function brandFor(table: string): Brand | undefined {
  let brand = brands.get(table);
  if (brand === undefined && brands.size < MAX_BRANDS) {
    brand = createBrand();
    brands.set(table, brand);
  }
  return brand;
}

/** The test of the brand `subject()` gives records of `table`; `undefined` while no record of it has one. */
export const brandTestOf = (table: string): BrandTest | undefined => brands.get(table)?.test;

/** Whether the record's tag property is its own and not enumerable, as `subject()` defines it. */
export function hasOwnHiddenTag(record: object): boolean {
  const type = (record as Record<string, unknown>)[TYPE_FIELD];
  if (typeof type === 'string' && brands.get(type)?.test(record) === true) return true;
  return Object.hasOwn(record, TYPE_FIELD) && !isEnumerable.call(record, TYPE_FIELD);
}

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
  // Branded only when CASL defines the tag here (a record that already had one keeps the general check), once
  // CASL has defined it, and only when it reads back as given and fixed: the brand then stands for the tag.
  const defines =
    typeof record === 'object' &&
    record !== null &&
    !Object.hasOwn(record, TYPE_FIELD) &&
    Object.isExtensible(record);
  const tagged = tagSubject(table, record as TRecord & Record<PropertyKey, unknown>);
  return defines && typeof table === 'string' && holdsFixedTag(tagged, table) ? brand(table, tagged) : tagged;
}

// Whether the record's own tag is `table`, hidden and fixed for good (not writable, not configurable): a
// proxy's traps then cannot report another one either, so the brand may stand for it.
function holdsFixedTag(record: object, table: string): boolean {
  const tag = Object.getOwnPropertyDescriptor(record, TYPE_FIELD);
  return (
    tag !== undefined &&
    tag.value === table &&
    tag.enumerable === false &&
    tag.writable === false &&
    tag.configurable === false
  );
}

function brand<TRecord extends object>(table: string, record: TRecord): TRecord {
  try {
    return brandFor(table)?.give(record) ?? record;
  } catch {
    // An engine that refuses the field (a record branded already, one a newer engine keeps from gaining
    // private fields): the record stays unbranded and is answered by the general check.
    return record;
  }
}
