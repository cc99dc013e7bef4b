import { z } from 'zod';

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
  .refine(notForbidden, { message: forbiddenMessage });

/** Finds reserved keys anywhere in raw input before any parser copies it (a `__proto__` key would be lost). */
export function findForbiddenKeys(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findForbiddenKeys(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) =>
    FORBIDDEN_KEYS.has(key)
      ? [[...path, key]]
      : findForbiddenKeys((value as Record<string, unknown>)[key], [...path, key]),
  );
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A hint naming what the author probably meant, or listing what exists. */
export function didYouMean(value: string, known: Iterable<string>): string {
  const names = [...known];
  if (names.length === 0) return 'none is defined';
  const best = names
    .map((name) => ({ name, score: distance(value.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.score - b.score)[0]!;
  if (best.score <= Math.max(2, Math.floor(value.length / 3))) return `did you mean "${best.name}"?`;
  return `known: ${names
    .slice(0, 12)
    .map((name) => `"${name}"`)
    .join(', ')}${names.length > 12 ? ', …' : ''}`;
}
