import { COLUMN_ACTIONS, type ColumnAction } from '../base/column-access.js';
import { fieldOf, type SiteRecord } from './site-record.js';

/** Column actions by option value: the `permissions` and `allcolumnpermissions` choices of column permissions. */
export const COLUMN_ACTION_OPTIONS: Readonly<Record<number, ColumnAction>> = {
  746610000: 'create',
  746610001: 'read',
  746610002: 'update',
};

/** The option value of each column action, for writing records back. */
export const COLUMN_ACTION_VALUES: Readonly<Record<ColumnAction, number>> = {
  create: 746610000,
  read: 746610001,
  update: 746610002,
};

/** The actions a multi-select field grants, in `COLUMN_ACTIONS` order, and the values it holds that grant nothing. */
export interface ReadActions {
  readonly actions: ColumnAction[];
  /** Values that are not one of the three options: they grant nothing (fail closed) and are reported. */
  readonly unknown: string[];
  /** Whether the field holds no value at all. */
  readonly empty: boolean;
}

/** The entries of a multi-select value: a YAML list, one value, or Dataverse's comma-separated text. */
function entriesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(/[,;]/).filter((entry) => entry.trim() !== '');
  return [value];
}

/** Reads a multi-select column-action field; only the three known option values grant. */
export function actionsOf(record: SiteRecord, name: string): ReadActions {
  const granted = new Set<ColumnAction>();
  const unknown: string[] = [];
  const entries = entriesOf(fieldOf(record, name));
  for (const entry of entries) {
    const text = typeof entry === 'string' ? entry.trim() : entry;
    const value = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
    if (typeof value === 'number' && Object.hasOwn(COLUMN_ACTION_OPTIONS, value))
      granted.add(COLUMN_ACTION_OPTIONS[value]!);
    else unknown.push(String(typeof entry === 'object' ? JSON.stringify(entry) : entry));
  }
  return {
    actions: COLUMN_ACTIONS.filter((action) => granted.has(action)),
    unknown,
    empty: entries.length === 0,
  };
}

/** Whether a record holds a list with an object in it: records are flat, so it is a form the import does not read. */
export function hasNestedRecords(record: SiteRecord): boolean {
  return Object.values(record.fields).some(
    (value) => Array.isArray(value) && value.some((entry) => typeof entry === 'object' && entry !== null),
  );
}
