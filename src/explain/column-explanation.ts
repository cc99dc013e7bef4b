import type { PortalAbility } from '../ability/ability.js';
import { allowsColumn, namesNoColumn } from '../base/column-access.js';
import { columnActionOf } from '../policy/column-permission.js';

/** How column security decided one field of a record whose row access is allowed. */
export interface ColumnDecision {
  readonly field: string;
  /** Absent when no column rule applies to the table and action: row access covers every column. */
  readonly restrictedBy?: 'columnPermissions' | 'securedColumns';
  /** The held profiles (column permissions or column security profiles) granting the action on the field. */
  readonly grantedBy: readonly string[];
  /** Internal users: the field is not secured, so row access covers it. */
  readonly unsecured?: boolean;
}

/** Why column security denies a field on a row the principal may reach. */
export interface ColumnDenial {
  readonly code: 'column_not_granted';
  readonly field: string;
  readonly restrictedBy: 'columnPermissions' | 'securedColumns';
  /** The profiles the principal holds on the table, none of which grants the action on the field. */
  readonly heldProfiles: readonly string[];
}

/** Why a field is denied on any table: it names no column (`__proto__`, `constructor`, `prototype`, `.price`). */
export interface NotAColumn {
  readonly code: 'not_a_column';
  readonly field: string;
}

/** The column decision for `field` after row access was allowed: granted (with the profiles) or denied. */
export function decideColumn(
  ability: PortalAbility,
  action: string,
  table: string,
  field: string,
):
  | { readonly allowed: true; readonly column: ColumnDecision }
  | { readonly allowed: false; readonly denial: ColumnDenial | NotAColumn } {
  // As `can`: such a field is denied whatever the table restricts (RELIABILITY 23).
  if (field !== '' && namesNoColumn(field))
    return { allowed: false, denial: { code: 'not_a_column', field } };
  const columnAction = columnActionOf(action);
  const access = columnAction === undefined ? undefined : ability.columnAccess.get(table)?.get(columnAction);
  if (!access) return { allowed: true, column: { field, grantedBy: [] } };
  const grantedBy = access.grantedBy(field);
  if (allowsColumn(access, field)) {
    const unsecured = access.restrictedBy === 'securedColumns' && grantedBy.length === 0;
    return {
      allowed: true,
      column: { field, restrictedBy: access.restrictedBy, grantedBy, ...(unsecured ? { unsecured } : {}) },
    };
  }
  return {
    allowed: false,
    denial: {
      code: 'column_not_granted',
      field,
      restrictedBy: access.restrictedBy,
      heldProfiles: access.profiles,
    },
  };
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** The words for a column decision, appended to the row's explanation. */
export function columnPhrase(
  action: string,
  table: string,
  decision: ColumnDecision | ColumnDenial | NotAColumn,
): string {
  if ('code' in decision && decision.code === 'not_a_column') {
    return `${JSON.stringify(decision.field)} names no column of ${table} (__proto__, constructor, prototype and paths without a first segment never do); ask about a column`;
  }
  const kind = decision.restrictedBy === 'securedColumns' ? 'column security profile' : 'column permission';
  if ('code' in decision) {
    const held =
      decision.heldProfiles.length === 0
        ? `they hold no ${kind} on ${table}`
        : `held: ${quoted(decision.heldProfiles)}`;
    return `no ${kind} they hold grants ${action} on column ${decision.field} (${held}); a ${kind} granting it is missing`;
  }
  if (decision.restrictedBy === undefined)
    return `no column rule applies, so row access covers column ${decision.field}`;
  if (decision.unsecured) return `column ${decision.field} is not secured, so row access covers it`;
  return `column ${decision.field} through ${kind}${decision.grantedBy.length === 1 ? '' : 's'} ${quoted(decision.grantedBy)}`;
}
