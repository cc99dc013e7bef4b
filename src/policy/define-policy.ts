import { type Issue, PolicyValidationError, PortalPermissionsError } from '../base/errors.js';
import { isObject } from '../base/own.js';
import {
  BUILT_IN_ADMINISTRATIVE_ROLES,
  checkAdministrativeRoles,
  resolveAdministrativeRole,
} from './administrative-role.js';
import { businessUnitSubtrees, checkBusinessUnits } from './business-unit.js';
import { checkCascades } from './cascade.js';
import { checkTables } from './check-tables.js';
import { checkColumnPermissions } from './column-permission.js';
import { checkColumnSecurity } from './column-security-profile.js';
import { checkHierarchy, resolveHierarchy } from './hierarchy-settings.js';
import { checkInternalUsers, resolveInternalUsers } from './internal-users.js';
import { checkPages } from './page.js';
import type { Policy, PolicyIndex, WebRolePlan } from './policy.js';
import type { PolicyTypesOfInput } from './policy-types.js';
import { inspectRawInput } from './raw-input.js';
import { resolveRegistration } from './registration.js';
import { resolveTablePermissions } from './resolve-table-permissions.js';
import { type PolicyInput, policySchema } from './schema.js';
import { scopes } from './scopes/index.js';
import { checkSecurityRoles, roleGrantsOf } from './security-role.js';
import { defineTable, type TableDefinition } from './table.js';
import type { TablePermission } from './table-permission.js';
import { checkTeams } from './team.js';
import { checkWebRoles } from './web-role.js';
import { fromZodIssues, ZOD_PARSE_OPTIONS } from './zod-issues.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Two independent 32-bit FNV-1a lanes over the JSON: a stable, dependency-free 64-bit content version
// (synchronous, so no Web Crypto). It names a version; caches should still key on the policy object.
function contentVersion(value: unknown): string {
  const text = JSON.stringify(value);
  let first = 0x811c9dc5;
  let second = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code ^ (i & 0xff), 0x01000193);
  }
  return [first, second].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}

function indexPolicy(
  input: PolicyInput,
  tables: ReadonlyMap<string, TableDefinition>,
  policy: Policy,
): PolicyIndex {
  const permissionsByRole = new Map<string, TablePermission[]>();
  for (const permission of policy.tablePermissions) {
    if (!permission.effective) continue;
    for (const role of permission.webRoles) {
      const list = permissionsByRole.get(role) ?? [];
      list.push(permission);
      permissionsByRole.set(role, list);
    }
  }
  const permissions = new Map(policy.tablePermissions.map((permission) => [permission.name, permission]));
  return {
    input,
    tables,
    permissions,
    permissionsByRole,
    webRoles: new Map(policy.webRoles.map((role) => [role.name, role])),
    authenticatedRole: policy.webRoles.find((role) => role.authenticatedUsers)?.name,
    anonymousRole: policy.webRoles.find((role) => role.anonymousUsers)?.name,
    businessUnits: new Map(policy.businessUnits.map((unit) => [unit.id, unit])),
    subtreeOf: businessUnitSubtrees(policy.businessUnits),
    securityRoles: new Map(policy.securityRoles.map((role) => [role.name, role])),
    roleGrants: new Map(policy.securityRoles.map((role) => [role.name, roleGrantsOf(role)])),
    teams: new Map(policy.teams.map((team) => [team.id, team])),
    securityRoleOrder: new Map(policy.securityRoles.map((role, position) => [role.name, position])),
    teamOrder: new Map(policy.teams.map((team, position) => [team.id, position])),
    webRolePlans: policy.tablePermissions
      .filter((permission) => permission.effective && permission.privileges.length > 0)
      .map((permission) => planOf(permission, permissions)),
    administrativeRoles: new Map(policy.administrativeRoles.map((role) => [role.name, role])),
  };
}

// A map lookup per link keeps resolving every chain linear in the number of permissions (RELIABILITY 15, 21).
function chainOf(permission: TablePermission, byName: ReadonlyMap<string, TablePermission>): string[] {
  const chain = [permission.name];
  let parent = permission.parent === undefined ? undefined : byName.get(permission.parent);
  while (parent) {
    chain.push(parent.name);
    parent = parent.parent === undefined ? undefined : byName.get(parent.parent);
  }
  return chain;
}

function planOf(permission: TablePermission, byName: ReadonlyMap<string, TablePermission>): WebRolePlan {
  const separateCreate =
    permission.privileges.includes('create') && scopes[permission.scope].createCoverage !== undefined;
  return {
    permission,
    // Shared by every ability's rules, so frozen: no caller can change another principal's rules.
    actions: Object.freeze(
      permission.privileges.filter((privilege) => privilege !== 'create' || !separateCreate),
    ) as string[],
    separateCreate,
    reason: `table permission "${permission.name}" (${permission.scope} scope${permission.within === undefined ? '' : ` within the contact's ${permission.within === 'account' ? 'account' : 'legal entity'}`})`,
    provenance: {
      kind: 'tablePermission',
      tablePermission: permission.name,
      scope: permission.scope,
      // A many-to-many scope names its relationship: the explanation reads "through project_contact".
      ...(permission.field === undefined ? {} : { field: permission.manyToMany ?? permission.field }),
      ...(permission.within === undefined ? {} : { within: permission.within }),
      chain: Object.freeze(chainOf(permission, byName)),
    },
  };
}

function fail(issues: readonly Issue[]): never {
  throw new PolicyValidationError(issues);
}

/**
 * Validates a policy document and returns it as an immutable `Policy`; throws `PolicyValidationError`
 * listing every problem with its JSON path and what to do. The input is never modified.
 *
 * @example
 * const policy = definePolicy({
 *   tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount' } },
 *   webRoles: [{ name: 'Authorized user' }],
 *   tablePermissions: [{ name: 'My orders', table: 'salesorder', scope: 'contact',
 *     privileges: ['read'], webRoles: ['Authorized user'] }],
 * });
 */
export function definePolicy<const TInput extends PolicyInput>(
  input: TInput,
): Policy<{ readonly [TPart in keyof PolicyTypesOfInput<TInput>]: PolicyTypesOfInput<TInput>[TPart] }> {
  const raw = inspectRawInput(input);
  if (raw.length > 0) fail(raw);
  const parsed = policySchema.safeParse(input, ZOD_PARSE_OPTIONS);
  if (!parsed.success) fail(fromZodIssues(parsed.error.issues));
  const data = parsed.data;

  const tables = new Map(
    Object.entries(data.tables).map(([name, table]) => [name, defineTable(name, table)]),
  );
  const webRoles = data.webRoles ?? [];
  const contactTable = data.contactTable ?? 'contact';
  const resolution = resolveTablePermissions(data.tablePermissions ?? [], tables, webRoles, contactTable);
  const administrativeRoles = (data.administrativeRoles ?? []).map(resolveAdministrativeRole);
  const businessUnits = data.businessUnits ?? [];
  const securityRoles = data.securityRoles ?? [];
  const teams = data.teams ?? [];
  const matrixDataAccess = data.matrixDataAccess ?? false;
  const columnPermissions = data.columnPermissions ?? [];
  const columnSecurityProfiles = data.columnSecurityProfiles ?? [];
  const pages = data.pages ?? [];
  const pageRules = data.pageRules ?? [];
  const issues = [
    ...checkTables(tables),
    ...checkCascades(tables),
    ...checkWebRoles(webRoles),
    ...resolution.issues,
    ...checkAdministrativeRoles(administrativeRoles),
    ...checkBusinessUnits(businessUnits),
    ...checkSecurityRoles(securityRoles, tables),
    ...checkTeams(teams, { businessUnits, securityRoles, matrixDataAccess }),
    ...checkColumnPermissions(columnPermissions, tables, webRoles),
    ...checkColumnSecurity(columnSecurityProfiles, tables, teams),
    ...checkPages(pages, pageRules, webRoles),
    ...checkHierarchy(data.hierarchy),
    ...checkInternalUsers(data.internalUsers, securityRoles),
  ];
  if (issues.length > 0) fail(issues);

  const policy = {
    tables: Object.fromEntries(tables),
    webRoles,
    tablePermissions: resolution.permissions,
    columnPermissions,
    columnSecurityProfiles,
    contactTable,
    businessUnits,
    securityRoles,
    teams,
    matrixDataAccess,
    registration: resolveRegistration(data.registration),
    administrativeRoles: [...BUILT_IN_ADMINISTRATIVE_ROLES, ...administrativeRoles],
    pages,
    pageRules,
    ...(data.hierarchy === undefined ? {} : { hierarchy: resolveHierarchy(data.hierarchy) }),
    internalUsers: resolveInternalUsers(data.internalUsers, securityRoles),
    warnings: resolution.warnings,
    version: contentVersion(data),
  } as unknown as Policy<PolicyTypesOfInput<TInput>>;
  // zod parsed into fresh objects: freezing them leaves the caller's input untouched.
  const document = deepFreeze(data) as PolicyInput;
  // Hidden from JSON and Object.keys; what another copy of the package re-validates (adoptPolicy).
  Object.defineProperty(policy, POLICY_DOCUMENT, { value: document });
  deepFreeze(policy);
  indexes.set(policy, indexPolicy(document, tables, policy));
  return policy;
}

/**
 * Where a policy carries the validated document it was defined from, under a registered symbol that every
 * copy of the package (ESM and CommonJS, two bundles) computes alike. JSON cannot hold a symbol key.
 */
const POLICY_DOCUMENT = Symbol.for('portal-permissions.policy-document');

// The policies this copy defined or adopted. Another copy of the package has its own map.
const indexes = new WeakMap<object, PolicyIndex>();

/** Records an index for a policy (tests use it to stand in for a compiler bug). */
export function registerPolicyIndex(policy: Policy, index: PolicyIndex): void {
  indexes.set(policy, index);
}

/**
 * Whether `foreign` is, deeply, frozen plain data equal to `ours`: the same own keys (symbols included) with
 * the same enumerability, data properties only (no getter could answer differently later), the same
 * primitives. A proxy of a frozen target cannot report anything else than the target holds.
 */
function isFrozenCopyOf(foreign: unknown, ours: unknown): boolean {
  if (!isObject(ours)) return Object.is(foreign, ours);
  if (!isObject(foreign) || !Object.isFrozen(foreign)) return false;
  // Plain objects and arrays only: a Map or a class instance keeps its content out of its own properties.
  const prototype = Object.getPrototypeOf(ours);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return false;
  if (Object.getPrototypeOf(foreign) !== prototype) return false;
  const keys = Reflect.ownKeys(ours);
  if (Reflect.ownKeys(foreign).length !== keys.length) return false;
  return keys.every((key) => {
    const theirs = Object.getOwnPropertyDescriptor(foreign, key);
    const mine = Object.getOwnPropertyDescriptor(ours, key)!;
    return (
      theirs !== undefined &&
      'value' in theirs &&
      theirs.enumerable === mine.enumerable &&
      isFrozenCopyOf(theirs.value, mine.value)
    );
  });
}

/**
 * A policy another copy of the package defined: this copy validates the document it carries with its own
 * `definePolicy` and accepts the object only if it is, deeply, the frozen policy that gives. So nothing is
 * trusted that this copy would not have made itself, whoever built the object.
 */
function adoptPolicy(value: object): PolicyIndex | undefined {
  let document: unknown;
  try {
    if (!Object.hasOwn(value, POLICY_DOCUMENT) || !Object.isFrozen(value)) return undefined;
    document = (value as { [POLICY_DOCUMENT]?: unknown })[POLICY_DOCUMENT];
    if (!isFrozenCopyOf(value, definePolicy(document as PolicyInput))) return undefined;
  } catch {
    // An invalid document, or a proxy whose traps throw: not a policy, refused like any other object.
    return undefined;
  }
  const policy = value as Policy;
  const index = indexPolicy(
    document as PolicyInput,
    new Map(Object.entries(policy.tables as Record<string, TableDefinition>)),
    policy,
  );
  indexes.set(value, index);
  return index;
}

function indexOf(value: unknown): PolicyIndex | undefined {
  if (!isObject(value)) return undefined;
  return indexes.get(value) ?? adoptPolicy(value);
}

/**
 * Whether `value` is a policy returned by `definePolicy` (as opposed to a plain policy document), by this
 * copy of the package or by another one (ESM and CommonJS, two bundles).
 */
export function isDefinedPolicy(value: unknown): value is Policy {
  return indexOf(value) !== undefined;
}

/** The index of a policy returned by `definePolicy` (of any copy of the package); anything else is refused. */
export function policyIndexOf(policy: Policy): PolicyIndex {
  const index = indexOf(policy);
  if (!index) {
    throw new PortalPermissionsError(
      'undefined_policy',
      'expected a policy returned by definePolicy(); validate plain policy objects with definePolicy() first (a policy from another copy of portal-permissions must be its unaltered result, from a version that defines it alike)',
    );
  }
  return index;
}
