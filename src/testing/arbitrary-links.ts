import fc from 'fast-check';
import { HOSTILE_STRINGS, HOSTILE_VALUES } from './value-pools.js';

/*
 * The related ids a record lists for a many-to-many relationship (src/policy/many-to-many.ts): in memory an
 * array under the relationship's field, in SQL one intersect row per string element.
 */

const MISSING = Symbol('missing');

/**
 * What an in-memory record holds in a many-to-many list field: a list of ids from `pool` (some hostile),
 * sometimes empty, or a value that is no list at all (null, a string, an object…), or nothing.
 */
export function arbitraryLinks(pool: readonly string[]): fc.Arbitrary<unknown> {
  const element = fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.array(element, { maxLength: 3 }), weight: 8 },
    { arbitrary: fc.constantFrom(...HOSTILE_VALUES, ...pool), weight: 2 },
    { arbitrary: fc.constant(MISSING), weight: 1 },
  );
}

/** `arbitraryLinks` with `MISSING` for an absent field: the record arbitrary leaves such fields out. */
export const LINKS_MISSING: unknown = MISSING;

/**
 * What a stored row lists in a many-to-many field: strings only (each is an intersect row), from `pool` or
 * hostile text, duplicates allowed, or null / missing (no intersect row at all).
 */
export function arbitraryStoredLinks(pool: readonly string[]): fc.Arbitrary<unknown> {
  const element = fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.array(element, { maxLength: 3 }), weight: 8 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.constant(MISSING), weight: 1 },
  );
}

/** The ids a stored row's list field names, one intersect row each: its string elements (own elements only). */
export function storedLinks(row: Readonly<Record<string, unknown>>, field: string): string[] {
  const value = Object.hasOwn(row, field) ? row[field] : undefined;
  if (!Array.isArray(value)) return [];
  const ids: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const id: unknown = value[index];
    if (Object.hasOwn(value, index) && typeof id === 'string') ids.push(id);
  }
  return ids;
}
