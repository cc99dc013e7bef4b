import type { PolicyInput } from '../policy/schema.js';
import type { Principal } from '../principal/principal.js';
import { referenceCan } from './reference-evaluator.js';

/*
 * Column security stated plainly from SPEC 1.7, 2.8 and D11, apart from the compiler (which turns it into
 * CASL field rules): first the row answer, then the column answer. Read `referenceFieldCan` top to bottom.
 */

type ColumnAction = 'read' | 'create' | 'update';

/** The column action a row action needs on each field it touches; other actions are not column-restricted. */
function columnActionOf(action: string): ColumnAction | undefined {
  if (action === 'read' || action === 'create') return action;
  if (action === 'write') return 'update';
  return undefined;
}

function listIncludes(list: unknown, value: string): boolean {
  return Array.isArray(list) && list.includes(value);
}

/** The web roles whose column permissions apply: a visitor's, or a contact's own, its account's (with an account) and Authenticated users. */
function portalRoles(policy: PolicyInput, principal: Principal): string[] {
  const roles = policy.webRoles ?? [];
  const openRegistration =
    policy.registration?.enabled !== false && policy.registration?.openRegistration === true;
  const visitor =
    principal.kind === 'anonymous' ||
    (principal.kind === 'contact' && principal.registeredVia === 'openRegistration' && !openRegistration);
  if (visitor) return roles.filter((role) => role.anonymousUsers).map((role) => role.name);
  if (principal.kind !== 'contact') return [];
  const account = typeof principal.accountId === 'string' && principal.accountId !== '';
  return [
    ...(principal.webRoles ?? []),
    ...(account ? (principal.accountWebRoles ?? []) : []),
    ...roles.filter((role) => role.authenticatedUsers).map((role) => role.name),
  ];
}

/** Portal contacts and visitors: column permissions of the table, by the roles held (SPEC 1.7, D11). */
function portalColumnCan(
  policy: PolicyInput,
  principal: Principal,
  columnAction: ColumnAction,
  table: string,
  field: string,
): boolean {
  const profiles = (policy.columnPermissions ?? []).filter((profile) => profile.table === table);
  // No column permission on the table: table permissions cover all columns.
  if (profiles.length === 0) return true;
  // A column the table does not list gets no access, whatever a profile says.
  const declared = policy.tables[table]?.fields;
  if (declared !== undefined && !declared.includes(field)) return false;
  const roles = portalRoles(policy, principal);
  for (const profile of profiles) {
    if (!(profile.webRoles ?? []).some((role) => roles.includes(role))) continue;
    const columns = profile.columns ?? {};
    // A per-column entry replaces "all columns" for that column, within this profile only.
    const actions = Object.hasOwn(columns, field) ? columns[field] : profile.allColumns;
    if (listIncludes(actions, columnAction)) return true;
  }
  return false;
}

/** Internal users: secured columns need a column security profile held directly or through a team (SPEC 2.8). */
function userColumnCan(
  policy: PolicyInput,
  principal: Extract<Principal, { kind: 'user' }>,
  columnAction: ColumnAction,
  table: string,
  field: string,
): boolean {
  const definition = policy.tables[table];
  const secured = definition?.securedColumns ?? [];
  if (secured.length === 0) return true;
  if (definition?.fields !== undefined && !definition.fields.includes(field)) return false;
  if (!secured.includes(field)) return true;
  const held = new Set(principal.columnSecurityProfiles ?? []);
  for (const team of policy.teams ?? []) {
    if ((principal.teams ?? []).includes(team.id))
      for (const name of team.columnSecurityProfiles ?? []) held.add(name);
  }
  for (const profile of policy.columnSecurityProfiles ?? []) {
    if (!held.has(profile.name)) continue;
    const columns = Object.hasOwn(profile.columns, table) ? profile.columns[table] : undefined;
    if (columns && Object.hasOwn(columns, field) && listIncludes(columns[field], columnAction)) return true;
  }
  return false;
}

const NEVER_COLUMNS = ['__proto__', 'constructor', 'prototype'];

/**
 * The column a field names: the field itself, or the part of a path before its first `.` or `[`
 * (`price.amount`, `price.0`, `price[0]` are inside `price`); `undefined` when that part is empty or a key
 * that reaches `Object.prototype`, which is never a column.
 */
function columnNamedBy(field: string): string | undefined {
  const column = field.split(/[.[]/)[0] ?? '';
  return column === '' || NEVER_COLUMNS.includes(column) ? undefined : column;
}

/**
 * The reference answer to "may this principal do `action` on `field` of this record?": never yes where the
 * row answer (`referenceCan`) is no, nor for a field that names no column; then, for read, create and write,
 * the column answer for the column the field names (a path is allowed exactly when its column is).
 */
export function referenceFieldCan(
  policy: PolicyInput,
  principal: Principal,
  action: string,
  table: string,
  record: unknown,
  field: string,
): boolean {
  const column = columnNamedBy(field);
  if (column === undefined || !referenceCan(policy, principal, action, table, record)) return false;
  const columnAction = columnActionOf(action);
  if (columnAction === undefined) return true;
  return principal.kind === 'user'
    ? userColumnCan(policy, principal, columnAction, table, column)
    : portalColumnCan(policy, principal, columnAction, table, column);
}
