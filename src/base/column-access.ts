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

/** Whether `access` allows `column`. */
export function allowsColumn(access: ColumnAccess, column: string): boolean {
  return access.mode === 'only' ? access.columns.includes(column) : !access.columns.includes(column);
}
