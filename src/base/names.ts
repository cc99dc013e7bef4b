import { z } from 'zod';
import { isWellFormedText, WELL_FORMED_MESSAGE } from './well-formed.js';

/** Keys that could reach `Object.prototype` if used as a name or a path segment; never accepted anywhere. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Table and field names: they become SQL identifiers and record keys, so they follow a strict pattern. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const notForbidden = (value: string): boolean => !FORBIDDEN_KEYS.has(value);
const forbiddenMessage = 'this name is reserved (it could reach Object.prototype); choose another name';

/** A table or field name. */
export const identifierSchema = z
  .string()
  .regex(IDENTIFIER_PATTERN, {
    message: 'use a name of letters, digits and underscores that starts with a letter or underscore (max 63)',
  })
  .refine(notForbidden, { message: forbiddenMessage });

/** A human name of a role, permission or team: any non-empty trimmed text except reserved keys. */
export const nameSchema = z
  .string()
  .min(1, { message: 'a name cannot be empty' })
  .refine((value) => value.trim() === value, { message: 'remove leading and trailing spaces from the name' })
  .refine(notForbidden, { message: forbiddenMessage })
  // Every name and id reaches SQL as a parameter: a lone surrogate would name another row there (RELIABILITY 22).
  .refine(isWellFormedText, { message: WELL_FORMED_MESSAGE });

// The lengths of the reserved keys, one bit each: a name of another length skips the set's hashing.
// (A length past the bits always takes the set.)
const RESERVED_LENGTHS = [...FORBIDDEN_KEYS].reduce(
  (bits, key) => (key.length < 31 ? bits | (1 << key.length) : bits),
  0,
);
const hasReservedLength = (length: number): boolean =>
  length >= 31 || ((RESERVED_LENGTHS >>> length) & 1) === 1;

// A printable ASCII character other than the space is no white space: `trim` would keep it.
const isPrintable = (code: number): boolean => code > 0x20 && code < 0x7f;

/**
 * Whether `value` is a name `nameSchema` accepts, without zod: the check of the per-request path, where zod
 * runs only to explain a refusal.
 */
export function isValidName(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  const edgesPrintable = isPrintable(value.charCodeAt(0)) && isPrintable(value.charCodeAt(value.length - 1));
  if (!edgesPrintable && value.trim() !== value) return false;
  if (hasReservedLength(value.length) && FORBIDDEN_KEYS.has(value)) return false;
  return isWellFormedText(value);
}

/** Values longer than this get no similarity search: a hint is for a typo, not for a pasted document. */
export const MAX_HINT_LENGTH = 64;
/** How many known names one hint compares the value with. */
export const MAX_HINT_CANDIDATES = 1_000;
/** How many distinct values one list of known names searches hints for; later values get the listing. */
export const MAX_HINTS_PER_LIST = 100;

/**
 * Levenshtein distance when it is at most `limit`, else `limit + 1`: only a band of `2 * limit + 1` cells
 * per row is computed and the walk stops as soon as a whole row exceeds the limit.
 */
function distanceWithin(a: string, b: string, limit: number): number {
  const cap = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return cap;
  let previous = new Uint16Array(b.length + 2);
  let current = new Uint16Array(b.length + 2);
  for (let j = 0; j <= b.length; j++) previous[j] = Math.min(j, cap);
  previous[b.length + 1] = cap;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[0] = Math.min(i, cap);
    current[from - 1] = from === 1 ? current[0] : cap;
    let rowMinimum = current[from - 1]!;
    const code = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitution = previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution, cap);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    // The cell right of the band is read by the next row: outside the band the distance exceeds the limit.
    current[to + 1] = cap;
    if (rowMinimum >= cap) return cap;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

function listing(names: readonly string[], more: boolean): string {
  if (names.length === 0) return 'none is defined';
  return `known: ${names.map((name) => `"${name}"`).join(', ')}${more ? ', …' : ''}`;
}

function hintFor(value: string, known: Iterable<string>, search: boolean): string {
  const shown: string[] = [];
  let more = false;
  const lower = value.toLowerCase();
  const limit = Math.max(2, Math.floor(value.length / 3));
  let best: { name: string; score: number } | undefined;
  let compared = 0;
  for (const name of known) {
    if (shown.length < 12) shown.push(name);
    else more = true;
    if (!search || compared >= MAX_HINT_CANDIDATES) {
      if (more) break;
      continue;
    }
    compared++;
    const score = distanceWithin(lower, name.toLowerCase(), best === undefined ? limit : best.score - 1);
    if (score <= limit && (best === undefined || score < best.score)) best = { name, score };
  }
  return best === undefined ? listing(shown, more) : `did you mean "${best.name}"?`;
}

// Hints already given per list of known names (arrays and sets keep their identity across a validation).
const hintsByList = new WeakMap<object, { size: number; hints: Map<string, string> }>();

/**
 * A hint naming what the author probably meant, or listing what exists. Its cost is bounded: values longer
 * than `MAX_HINT_LENGTH` are not searched, at most `MAX_HINT_CANDIDATES` names are compared with a
 * cut-off distance, and a list of known names (an array or a set) searches at most `MAX_HINTS_PER_LIST`
 * distinct values, each once.
 */
export function didYouMean(value: string, known: Iterable<string>): string {
  const searchable = value.length <= MAX_HINT_LENGTH;
  if (!Array.isArray(known) && !(known instanceof Set)) return hintFor(value, known, searchable);
  const size = Array.isArray(known) ? known.length : (known as Set<string>).size;
  let memo = hintsByList.get(known);
  if (memo === undefined || memo.size !== size) {
    memo = { size, hints: new Map() };
    hintsByList.set(known, memo);
  }
  const remembered = memo.hints.get(value);
  if (remembered !== undefined) return remembered;
  if (!searchable || memo.hints.size >= MAX_HINTS_PER_LIST) return hintFor(value, known, false);
  const hint = hintFor(value, known, true);
  memo.hints.set(value, hint);
  return hint;
}
