import {
  allowsColumn,
  COLUMN_ACTIONS,
  type ColumnAccess,
  type ColumnAccessMap,
  type ColumnAction,
  columnOf,
} from '../base/column-access.js';
import { PrincipalValidationError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { profileActionsOn } from '../policy/column-permission.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { TableDefinition } from '../policy/table.js';
import type { ValidPrincipal, ValidUserPrincipal } from '../principal/principal.js';
import { membershipsOf } from './default-team-membership.js';
import { heldRoles, type PortalPrincipal } from './web-role-rules.js';

interface Grant {
  readonly name: string;
  readonly actionsOn: (column: string) => readonly ColumnAction[];
  /** Actions on columns the grant does not name; secured-column profiles give none. */
  readonly otherColumns: readonly ColumnAction[];
  readonly named: readonly string[];
}

// A table that lists its fields is closed: any other name gets nothing (SPEC 1.7, `Webapi/<table>/fields`).
function closeOver(
  table: TableDefinition,
  access: Omit<ColumnAccess, 'grantedBy'>,
  grants: readonly Grant[],
): ColumnAccess {
  // A path below a column is decided by its column (columnOf), as in every other field check.
  const grantedBy = (field: string) => {
    const column = columnOf(field);
    return allowsColumn(access as ColumnAccess, column) && (!table.fields || table.fields.includes(column))
      ? grants.filter((grant) => grant.actionsOn(column).includes(access.action)).map((grant) => grant.name)
      : [];
  };
  if (!table.fields) return { ...access, grantedBy };
  const columns = table.fields.filter((field) => allowsColumn(access as ColumnAccess, field));
  return { ...access, mode: 'only', columns, grantedBy };
}

function accessOf(
  table: TableDefinition,
  action: ColumnAction,
  restrictedBy: ColumnAccess['restrictedBy'],
  grants: readonly Grant[],
  universe: readonly string[],
): ColumnAccess {
  const base = { table: table.name, action, restrictedBy, profiles: grants.map((grant) => grant.name) };
  const allows = (column: string) => grants.some((grant) => grant.actionsOn(column).includes(action));
  if (grants.some((grant) => grant.otherColumns.includes(action))) {
    return closeOver(
      table,
      { ...base, mode: 'allExcept', columns: universe.filter((column) => !allows(column)) },
      grants,
    );
  }
  return closeOver(table, { ...base, mode: 'only', columns: universe.filter(allows) }, grants);
}

function portalAccess(
  policy: Policy,
  index: PolicyIndex,
  principal: PortalPrincipal,
): Map<string, Map<ColumnAction, ColumnAccess>> {
  const result = new Map<string, Map<ColumnAction, ColumnAccess>>();
  if (policy.columnPermissions.length === 0) return result;
  const roles = heldRoles(index, principal);
  for (const table of index.tables.values()) {
    const onTable = policy.columnPermissions.filter((permission) => permission.table === table.name);
    // Without any column permission on a table, table permissions cover all its columns (D11).
    if (onTable.length === 0) continue;
    const held = onTable.filter((permission) => (permission.webRoles ?? []).some((role) => roles.has(role)));
    const grants: Grant[] = held.map((permission) => ({
      name: permission.name,
      actionsOn: (column) => profileActionsOn(permission, column),
      otherColumns: permission.allColumns ?? [],
      named: Object.keys(permission.columns ?? {}),
    }));
    const universe = [...new Set(grants.flatMap((grant) => grant.named))];
    result.set(
      table.name,
      new Map(
        COLUMN_ACTIONS.map((action) => [
          action,
          accessOf(table, action, 'columnPermissions', grants, universe),
        ]),
      ),
    );
  }
  return result;
}

/** The column security profiles a user holds, directly then through teams, each once; unknown names are refused (D18). */
export function heldColumnSecurityProfiles(
  policy: Policy,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): string[] {
  const known = new Set(policy.columnSecurityProfiles.map((profile) => profile.name));
  const held = new Set<string>();
  (user.columnSecurityProfiles ?? []).forEach((name, position) => {
    if (!known.has(name)) {
      throw new PrincipalValidationError([
        {
          code: 'unknown_column_security_profile',
          path: ['columnSecurityProfiles', position],
          message: `column security profile "${name}" is not defined by the policy (${didYouMean(name, known)}); fix the user's profiles or the policy`,
        },
      ]);
    }
    held.add(name);
  });
  for (const team of membershipsOf(index, user)) {
    for (const name of index.teams.get(team)?.columnSecurityProfiles ?? []) held.add(name);
  }
  // Policy order, so the same profiles always explain the same way whatever order they were listed in.
  return policy.columnSecurityProfiles.map((profile) => profile.name).filter((name) => held.has(name));
}

function userAccess(
  policy: Policy,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): Map<string, Map<ColumnAction, ColumnAccess>> {
  const result = new Map<string, Map<ColumnAction, ColumnAccess>>();
  const names = heldColumnSecurityProfiles(policy, index, user);
  const profiles = policy.columnSecurityProfiles.filter((profile) => names.includes(profile.name));
  for (const table of index.tables.values()) {
    const secured = table.securedColumns ?? [];
    if (secured.length === 0) continue;
    const grants: Grant[] = profiles
      .filter((profile) => Object.hasOwn(profile.columns, table.name))
      .map((profile) => {
        const columns = profile.columns[table.name]!;
        return {
          name: profile.name,
          actionsOn: (column) => (Object.hasOwn(columns, column) ? columns[column]! : []),
          otherColumns: [],
          named: Object.keys(columns),
        };
      });
    // Unsecured columns follow row access: only secured columns can be denied.
    const access = (action: ColumnAction): ColumnAccess => {
      const denied = secured.filter(
        (column) => !grants.some((grant) => grant.actionsOn(column).includes(action)),
      );
      const unsecuredOrGranted = (column: string) =>
        !secured.includes(column) || grants.some((grant) => grant.actionsOn(column).includes(action));
      const base = {
        table: table.name,
        action,
        restrictedBy: 'securedColumns' as const,
        profiles: grants.map((grant) => grant.name),
      };
      const grantedBy = (field: string) => {
        const column = columnOf(field);
        return unsecuredOrGranted(column) && (!table.fields || table.fields.includes(column))
          ? grants.filter((grant) => grant.actionsOn(column).includes(action)).map((grant) => grant.name)
          : [];
      };
      if (!table.fields) return { ...base, mode: 'allExcept', columns: denied, grantedBy };
      return { ...base, mode: 'only', columns: table.fields.filter(unsecuredOrGranted), grantedBy };
    };
    result.set(table.name, new Map(COLUMN_ACTIONS.map((action) => [action, access(action)])));
  }
  return result;
}

/**
 * The column access of a principal on every table that restricts columns for it: column permissions for
 * contacts and visitors (by the web roles they hold), column security profiles for internal users.
 */
export function columnAccessOf(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
): ColumnAccessMap {
  return principal.kind === 'user'
    ? userAccess(policy, index, principal)
    : portalAccess(policy, index, principal);
}
