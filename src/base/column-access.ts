import { fieldPatternMatcher } from '@casl/ability';
import { FORBIDDEN_KEYS } from './names.js';

/** What a column grant allows on a column: read it, set it on a new row, change it on an existing row. */
export const COLUMN_ACTIONS = ['read', 'create', 'update'] as const;

/** One column action. */
export type ColumnAction = (typeof COLUMN_ACTIONS)[number];

/**
 * What one principal may do with the columns of one table for one column action, on rows its table
 * permissions or security roles already reach (a column grant never reaches a row by itself).
 */
export interface ColumnAccess {
  readonly table: string;
  readonly action: ColumnAction;
  /** `columnPermissions` for portal principals (SPEC 1.7), `securedColumns` for internal users (SPEC 2.8). */
  readonly restrictedBy: 'columnPermissions' | 'securedColumns';
  /** `only`: exactly `columns` are allowed; `allExcept`: every column but `columns` is. */
  readonly mode: 'only' | 'allExcept';
  readonly columns: readonly string[];
  /** The held profiles (column permissions or column security profiles) on this table, policy order. */
  readonly profiles: readonly string[];
  /** Which held profiles grant the action on a column (empty: none does). */
  readonly grantedBy: (column: string) => readonly string[];
}

/** Column access by table, then by column action; a table absent from the map has no column restriction. */
export type ColumnAccessMap = ReadonlyMap<string, ReadonlyMap<ColumnAction, ColumnAccess>>;

/**
 * The column a field names: the field itself, or the first segment of a path (`price.amount`, `price.0` and
 * `price[0]` name `price`). Every field check reads this, so a denied column denies every path below it
 * (RELIABILITY 24): a path is part of its column's value, never a column of its own.
 */
export function columnOf(field: string): string {
  for (let index = 0; index < field.length; index++) {
    const code = field.charCodeAt(index);
    if (code === 46 /* . */ || code === 91 /* [ */) return field.slice(0, index);
  }
  return field;
}

/**
 * The column a field names, or `undefined` when it names none: a path without a first segment (`.price`) or
 * one whose column is `__proto__`, `constructor` or `prototype`. Such a field is never allowed, on any
 * table: data never names a column that could reach a prototype (RELIABILITY 23).
 */
export function columnNamedBy(field: string): string | undefined {
  const column = columnOf(field);
  return column === '' || FORBIDDEN_KEYS.has(column) ? undefined : column;
}

/** Whether a field names no column at all (see `columnNamedBy`). */
export function namesNoColumn(field: string): boolean {
  return columnNamedBy(field) === undefined;
}

/** Whether `access` allows `field` (a column, or a path below one: its column decides). */
export function allowsColumn(access: ColumnAccess, field: string): boolean {
  const column = columnNamedBy(field);
  if (column === undefined) return false;
  return access.mode === 'only' ? access.columns.includes(column) : !access.columns.includes(column);
}

/**
 * CASL's field matcher, asked about the column a field names (`columnOf`): the abilities' `fieldMatcher`, so
 * CASL's own `rulesFor(action, table, field)` and `can` on a table name read `price.amount` as `price`.
 */
export function columnMatcher(fields: string[]): (field: string) => boolean {
  const matches = fieldPatternMatcher(fields);
  return (field) => matches(columnOf(field));
}
