import { PortalPermissionsError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';
import type { ColumnOf, PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import type { PortalAbility } from './ability.js';
import { requireRecord } from './attach.js';
import type { Action, ActionArgument } from './portal-subject.js';
import type { RowQuestion } from './row-question.js';
import { subject, type TaggedRecord, taggedTableOf } from './subject.js';

type LooseCan = (action: string, subject: unknown, field?: string) => boolean;

/** The record's own enumerable field names (an inherited or polluted key is never a column of it). */
export function ownFieldsOf(record: object): string[] {
  return Object.keys(record);
}

function checkedTable(ability: PortalAbility, table: string): string {
  if (typeof table !== 'string' || !Object.hasOwn(ability.policy.tables, table)) {
    throw new PortalPermissionsError(
      'unknown_table',
      `table "${String(table)}" is not declared by the policy (${didYouMean(String(table), Object.keys(ability.policy.tables))}); fix the name`,
      { path: ['table'] },
    );
  }
  return table;
}

/**
 * The columns of `table` on which `ability` allows `action` (`read`, `create` or `write`): on `record` when
 * given, otherwise on some row. Column security applies on top of row access, so a row the principal
 * cannot reach yields no column. The candidates are the table's declared `fields`, else the record's own
 * fields; with neither, throws `PortalPermissionsError` (`columns_unknown`).
 *
 * @example permittedColumns(ability, 'read', 'salesorder', order) // ['id', 'orderedBy', …] without 'price'
 */
export function permittedColumns<
  TTypes extends PolicyTypesLike,
  TTable extends string,
  TAction extends string = Action,
>(
  ...[ability, action, table, record]: [...RowQuestion<TTypes, TTable, TAction>, record?: object]
): ColumnOf<TTypes, TTable>[] {
  const name = checkedTable(ability as unknown as PortalAbility, table);
  let target: unknown = name;
  if (record !== undefined) {
    // The table is explicit here, so an untagged row is fine; it still has to be a record.
    if (typeof record !== 'object' || record === null) {
      throw new PortalPermissionsError(
        'not_a_record',
        `permittedColumns needs the record as an object, not ${record === null ? 'null' : typeof record}`,
        { path: ['record'] },
      );
    }
    const tag = taggedTableOf(record);
    if (tag !== undefined && tag !== name) {
      throw new PortalPermissionsError(
        'record_table_mismatch',
        `the record is tagged with table "${tag}" but permittedColumns was asked about "${name}"; pass the same table`,
        { path: ['record'] },
      );
    }
    if (tag === undefined) {
      // A copy without any tag-like field a request body may carry: only `subject` decides the table.
      const { __caslSubjectType__: _carried, ...fields } = record as Record<string, unknown>;
      target = subject(name, fields);
    } else {
      target = record;
    }
  }
  const declared = (ability as unknown as PortalAbility).policy.tables[name]!.fields;
  // A record's embedded parent rows (D15) are rows of their own tables, never columns of this one.
  const candidates =
    declared ??
    (record === undefined
      ? undefined
      : ownFieldsOf(record).filter(
          (field) => !isEmbeddedParent(ability as unknown as PortalAbility, name, field),
        ));
  if (candidates === undefined) {
    throw new PortalPermissionsError(
      'columns_unknown',
      `table "${name}" does not declare its fields, so its columns cannot be listed; declare tables.${name}.fields or pass a record`,
      { path: ['tables', name, 'fields'] },
    );
  }
  const can = ability.can as unknown as LooseCan;
  // An empty key names no column (CASL would read it as "any field").
  // The candidates are the declared fields when there are any, the columns `ColumnOf` names.
  return candidates.filter((field) => field !== '' && can.call(ability, action, target, field)) as ColumnOf<
    TTypes,
    TTable
  >[];
}

/**
 * How many embedded parent rows deep (D15) `pickPermitted` copies: a chain of at most `MAX_PARENT_DEPTH`
 * tables, as parent chains and cascades are bounded. A deeper row (or a cyclic object) is left out.
 */
export const MAX_EMBEDDED_DEPTH = MAX_PARENT_DEPTH - 1;

/** Whether `field` of a `table` record holds an embedded parent row: it is named after a parent table (D15). */
function isEmbeddedParent(ability: PortalAbility, table: string, field: string): boolean {
  const parents = Object.hasOwn(ability.policy.tables, table)
    ? ability.policy.tables[table]!.parent
    : undefined;
  return parents !== undefined && Object.hasOwn(parents, field);
}

// An own data property, whatever the key: assignment would make a `__proto__` key set the prototype.
function copyField(target: Record<string, unknown>, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The permitted fields of one row of `table` the principal may reach. An embedded parent row is picked as a
 * row of its own table (its row access, then its column rules), never with the child's column rules, so a
 * parent's denied columns never ride along in a child (RELIABILITY 24).
 */
function pickRow(
  ability: PortalAbility,
  action: Action,
  table: string,
  record: object,
  depth: number,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of ownFieldsOf(record)) {
    // An empty key names no column (CASL would read it as "any field"): never copied.
    if (field === '') continue;
    const value = (record as Record<string, unknown>)[field];
    if (isEmbeddedParent(ability, table, field)) {
      const row = embeddedRow(ability, action, field, value, depth + 1);
      if (row !== undefined) copyField(picked, field, row);
    } else if (ability.fieldPredicateFor(action, table, field)(record)) {
      // `__proto__`, `constructor` and `prototype` are never columns: their predicate never allows.
      copyField(picked, field, value);
    }
  }
  return picked;
}

/** An embedded parent row, picked; `undefined` (left out) beyond the depth bound, for a non-row or a row out of reach. */
function embeddedRow(
  ability: PortalAbility,
  action: Action,
  table: string,
  value: unknown,
  depth: number,
): Record<string, unknown> | undefined {
  if (depth > MAX_EMBEDDED_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  return ability.check(action, table, value) ? pickRow(ability, action, table, value, depth) : undefined;
}

/**
 * A copy of `record` holding only the fields `ability` allows for `action` (for responses: `read`). A row the
 * principal cannot reach gives `{}`. Pass the record tagged with `subject(table, record)`. The copy is a plain
 * object of own properties: a key from the data (`__proto__`) never gives it a prototype, and `__proto__`,
 * `constructor` and `prototype` are never copied. An embedded parent row (D15) is copied only if the principal
 * may reach it, filtered by its own table's column rules, at most `MAX_EMBEDDED_DEPTH` rows deep.
 *
 * @example res.json(pickPermitted(ability, 'read', subject('salesorder', order)))
 */
export function pickPermitted<
  TTypes extends PolicyTypesLike,
  TRecord extends object,
  TAction extends string = Action,
>(
  ability: PortalAbility<TTypes>,
  action: ActionArgument<TTypes, TRecord, TAction>,
  record: TRecord & TaggedRecord<TableOf<TTypes>>,
): Partial<TRecord> {
  const table = requireRecord('pickPermitted', record, 'record');
  // Row access first: a row the principal cannot reach gives nothing, whatever its fields.
  if (!(ability as unknown as PortalAbility).can(action as Action, record as TaggedRecord)) return {};
  return pickRow(ability as unknown as PortalAbility, action, table, record, 0) as Partial<TRecord>;
}

/**
 * Whether the principal may create `record` (its post-image): Create on the row (D6) and Create on every
 * field it sets (column security).
 *
 * @example canCreate(ability, subject('salesorder', { orderedBy: 'jane', customerAccount: 'X', price: 10 }))
 */
export function canCreate<TTypes extends PolicyTypesLike>(
  ability: PortalAbility<TTypes>,
  record: TaggedRecord<TableOf<TTypes>>,
): boolean {
  requireRecord('canCreate', record, 'new record');
  const loose = ability as unknown as PortalAbility;
  return (
    loose.can('create', record as TaggedRecord) && fieldsAllowed(loose, 'create', record, ownFieldsOf(record))
  );
}

/** Whether `action` is allowed on each of `fields` of `record`. */
export function fieldsAllowed(
  ability: PortalAbility,
  action: Action,
  record: object,
  fields: readonly string[],
): boolean {
  const can = ability.can as unknown as LooseCan;
  return fields.every((field) => can.call(ability, action, record, field));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Structured values (an embedded parent, a list) compare by content; a different key order counts as a
  // change, which can only refuse more.
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    // A value JSON cannot write (a cycle, a BigInt) cannot be shown unchanged: count it as changed.
    return false;
  }
}

/** The fields whose value differs between two versions of a record, including fields added or removed. */
export function changedFields(before: object, after: object): string[] {
  const fields = new Set([...ownFieldsOf(before), ...ownFieldsOf(after)]);
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...fields].filter(
    (field) => Object.hasOwn(a, field) !== Object.hasOwn(b, field) || !sameValue(a[field], b[field]),
  );
}
