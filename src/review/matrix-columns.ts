import type { PortalAbility } from '../ability/ability.js';
import { permittedColumns } from '../ability/permitted-columns.js';
import type { Action } from '../ability/portal-subject.js';
import type { TaggedRecord } from '../ability/subject.js';
import { escapeMarkdown } from './escape-markdown.js';

/** The actions whose columns a matrix lists (the ones column security restricts). */
const COLUMN_CHECKED: readonly Action[] = ['read', 'create', 'write'];

/** Per allowed action, the columns of the record the principal may use (declared fields, else the record's own). */
export type CellColumns = Readonly<Partial<Record<Action, readonly string[]>>>;

/** The columns of one matrix cell: for each allowed action column security restricts, its permitted columns. */
export function cellColumns(
  ability: PortalAbility,
  allowed: readonly Action[],
  table: string,
  record: TaggedRecord,
): CellColumns {
  const columns: Partial<Record<Action, readonly string[]>> = {};
  for (const action of allowed) {
    if (COLUMN_CHECKED.includes(action)) columns[action] = permittedColumns(ability, action, table, record);
  }
  return columns;
}

/** One key per (record, action, column) a cell allows, for diffs; only actions allowed on the row. */
export function columnKeys(record: string, columns: CellColumns | undefined): string[] {
  if (!columns) return [];
  return Object.entries(columns).flatMap(([action, fields]) =>
    (fields ?? []).map((field) => `${record}\u0000${action}\u0000${field}`),
  );
}

/** The permitted columns of a matrix made with `{ columns: true }`, as a Markdown list (one line per cell). */
export function matrixColumnsToMarkdown(matrix: {
  readonly rows: readonly {
    readonly record: string;
    readonly cells: readonly { readonly principal: string; readonly columns?: CellColumns }[];
  }[];
}): string {
  const lines = matrix.rows.flatMap((row) =>
    row.cells.flatMap((cell) =>
      Object.entries(cell.columns ?? {}).map(
        ([action, fields]) =>
          `- ${escapeMarkdown(cell.principal)} ${action} ${escapeMarkdown(row.record)}: ${
            (fields ?? []).length === 0 ? '(no column)' : (fields ?? []).map(escapeMarkdown).join(', ')
          }`,
      ),
    ),
  );
  return `\n## Columns\n\n${lines.length === 0 ? '(no allowed read, create or write)' : lines.join('\n')}\n`;
}
