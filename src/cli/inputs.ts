import { subject, type TaggedRecord } from '../ability/subject.js';
import { formatPath, isPolicyValidationError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { isObject } from '../base/own.js';
import { definePolicy } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyInput } from '../policy/schema.js';
import type { Principal } from '../principal/principal.js';
import type { PrincipalsByLabel } from '../review/abilities.js';
import type { RecordsByLabel } from '../review/access-matrix.js';
import { InputError, readJson } from './io.js';

/** How many policy issues the command line prints; the rest are counted. */
const MAX_LISTED_ISSUES = 100;

const SUBJECT_TYPE_FIELD = '__caslSubjectType__';

// A JSON object, not a list: base/own.ts's `isObject` takes arrays too.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && !Array.isArray(value);

/** Loads and validates a policy file; validation issues become one input error listing each JSON path. */
export function loadPolicy(file: string): Policy {
  try {
    return definePolicy(readJson(file) as PolicyInput);
  } catch (error) {
    if (!isPolicyValidationError(error)) throw error;
    // A hostile file can hold hundreds of thousands of problems: list the first ones and count the rest.
    const lines = error.issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue) => `  ${formatPath(issue.path)}: ${issue.message} (${issue.code})`);
    if (error.issues.length > MAX_LISTED_ISSUES)
      lines.push(`  … and ${error.issues.length - MAX_LISTED_ISSUES} more; fix these first`);
    throw new InputError(
      file,
      `invalid policy (${error.issues.length} issue${error.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
  }
}

/** Loads a principals file: an object of label → principal (validated later, when compiled). */
export function loadPrincipals(file: string): PrincipalsByLabel {
  const value = readJson(file);
  if (!isPlainObject(value))
    throw new InputError(
      file,
      'expected an object of label → principal, e.g. { "jane": { "kind": "contact", "id": "jane" } }',
    );
  for (const [label, principal] of Object.entries(value)) {
    if (!isPlainObject(principal))
      throw new InputError(file, `${label}: expected a principal object with a "kind"`);
  }
  return value as unknown as Readonly<Record<string, Principal>>;
}

/**
 * Loads a records file: an object of table → array of records. Each record is labelled by its key
 * (`id` unless the table declares another), prefixed with its table when two tables share a key.
 */
export function loadRecords(file: string, policy: Policy): RecordsByLabel {
  const value = readJson(file);
  if (!isPlainObject(value))
    throw new InputError(
      file,
      'expected an object of table → array of records, e.g. { "salesorder": [{ "id": "SO-1" }] }',
    );
  const tables = policy.tables as Readonly<Record<string, { readonly key: string }>>;
  const entries: [string, string, TaggedRecord][] = [];
  for (const [table, rows] of Object.entries(value)) {
    if (!Object.hasOwn(tables, table))
      throw new InputError(
        file,
        `table "${table}" is not declared by the policy (${didYouMean(table, Object.keys(tables))})`,
      );
    if (!Array.isArray(rows)) throw new InputError(file, `${table}: expected an array of records`);
    rows.forEach((row, index) => {
      if (!isPlainObject(row)) throw new InputError(file, `${table}[${index}]: expected a record object`);
      // CASL refuses to re-tag a record with another table by throwing a bare Error; say what to fix instead.
      if (Object.hasOwn(row, SUBJECT_TYPE_FIELD))
        throw new InputError(
          file,
          `${table}[${index}]: the record carries "${SUBJECT_TYPE_FIELD}", which tags it with a table; remove that field (the table is the key the record is listed under)`,
        );
      const key = row[tables[table]!.key];
      const label = typeof key === 'string' || typeof key === 'number' ? String(key) : `#${index}`;
      entries.push([table, label, subject(table, row)]);
    });
  }
  const counts = new Map<string, number>();
  for (const [, label] of entries) counts.set(label, (counts.get(label) ?? 0) + 1);
  return Object.fromEntries(
    entries.map(([table, label, record]) => [
      counts.get(label) === 1 && !label.startsWith('#') ? label : `${table}:${label}`,
      record,
    ]),
  );
}
