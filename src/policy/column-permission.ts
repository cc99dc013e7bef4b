import { z } from 'zod';
import { COLUMN_ACTIONS, type ColumnAction } from '../base/column-access.js';
import type { Issue } from '../base/errors.js';
import { didYouMean, identifierSchema, nameSchema } from '../base/names.js';
import type { TableDefinition } from './table.js';
import type { WebRole } from './web-role.js';

/** The ability action a column action is checked with (`update` is the row privilege `write`). */
export const ABILITY_ACTION_OF: Readonly<Record<ColumnAction, 'read' | 'create' | 'write'>> = {
  read: 'read',
  create: 'create',
  update: 'write',
};

/** The column action an ability action needs on a field, or `undefined` for actions columns do not restrict. */
export function columnActionOf(action: string): ColumnAction | undefined {
  if (action === 'read') return 'read';
  if (action === 'create') return 'create';
  if (action === 'write') return 'update';
  return undefined;
}

/** A set of column actions, each at most once. */
export const columnActionsSchema = z.array(z.enum(COLUMN_ACTIONS));

/**
 * A portal column permission profile (SPEC 1.7): on one table, for contacts holding one of its web roles,
 * which columns they may read, create or update. It never grants row access; table permissions do.
 */
export const columnPermissionSchema = z.strictObject({
  name: nameSchema,
  table: identifierSchema,
  webRoles: z.array(nameSchema).optional(),
  /** The actions on every column this profile does not list in `columns`; none when absent. */
  allColumns: columnActionsSchema.optional(),
  /** Per-column actions; they replace `allColumns` for that column (within this profile). */
  columns: z.record(identifierSchema, columnActionsSchema).optional(),
  description: z.string().optional(),
});

/** A column permission profile as written in a policy. */
export type ColumnPermissionInput = z.input<typeof columnPermissionSchema>;
/** A validated column permission profile. */
export type ColumnPermission = Readonly<z.output<typeof columnPermissionSchema>>;

/** The actions a single profile gives on `column` (its own entry, else `allColumns`, else none). */
export function profileActionsOn(
  profile: {
    readonly allColumns?: readonly ColumnAction[] | undefined;
    readonly columns?: Readonly<Record<string, readonly ColumnAction[]>> | undefined;
  },
  column: string,
): readonly ColumnAction[] {
  const columns = profile.columns ?? {};
  return Object.hasOwn(columns, column) ? columns[column]! : (profile.allColumns ?? []);
}

/** Issues for a column name that the table does not declare (only checked when it declares its fields). */
export function unknownColumnIssue(
  table: TableDefinition,
  column: string,
  path: (string | number)[],
): Issue | undefined {
  if (!table.fields || table.fields.includes(column)) return undefined;
  return {
    code: 'unknown_column',
    path,
    message: `column "${column}" is not among tables.${table.name}.fields (${didYouMean(column, table.fields)}); add it there or fix the name`,
  };
}

/** Issues for an action listed twice in one grant. */
export function duplicateActionIssues(actions: readonly string[], path: (string | number)[]): Issue[] {
  return actions.flatMap((action, position) =>
    actions.indexOf(action) === position
      ? []
      : [
          {
            code: 'duplicate_column_action',
            path: [...path, position],
            message: `"${action}" is listed twice; list each column action once`,
          },
        ],
  );
}

/** Cross-checks of column permissions: unique names, known tables, web roles and (declared) columns. */
export function checkColumnPermissions(
  permissions: readonly ColumnPermission[],
  tables: ReadonlyMap<string, TableDefinition>,
  webRoles: readonly WebRole[],
): Issue[] {
  const issues: Issue[] = [];
  const roles = new Set(webRoles.map((role) => role.name));
  const seen = new Set<string>();
  permissions.forEach((permission, index) => {
    const at = (...rest: (string | number)[]) => ['columnPermissions', index, ...rest];
    if (seen.has(permission.name)) {
      issues.push({
        code: 'duplicate_column_permission',
        path: at('name'),
        message: `column permission "${permission.name}" is defined twice; give each column permission a unique name`,
      });
    }
    seen.add(permission.name);
    (permission.webRoles ?? []).forEach((role, position) => {
      if (roles.has(role)) return;
      issues.push({
        code: 'unknown_web_role',
        path: at('webRoles', position),
        message: `web role "${role}" is not defined under "webRoles" (${didYouMean(role, roles)})`,
      });
    });
    issues.push(...duplicateActionIssues(permission.allColumns ?? [], at('allColumns')));
    const table = tables.get(permission.table);
    if (!table) {
      issues.push({
        code: 'unknown_table',
        path: at('table'),
        message: `table "${permission.table}" is not declared under "tables" (${didYouMean(permission.table, tables.keys())})`,
      });
    }
    for (const [column, actions] of Object.entries(permission.columns ?? {})) {
      issues.push(...duplicateActionIssues(actions, at('columns', column)));
      const unknown = table && unknownColumnIssue(table, column, at('columns', column));
      if (unknown) issues.push(unknown);
    }
  });
  return issues;
}
