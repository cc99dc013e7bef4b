import type { PolicyInput } from '../policy/schema.js';
import type { Principal } from '../principal/principal.js';
import { referenceUserCan } from './reference-users.js';

type TableInput = PolicyInput['tables'][string];
type TablePermissionInput = NonNullable<PolicyInput['tablePermissions']>[number];

/*
 * The portal semantics stated as plainly as we can, written apart from the compiler so the two can be
 * compared (SPEC sections 0 and 1). It reads the raw policy input, walks roles → table permissions →
 * scope with plain loops, and is meant to be read, not to be fast. It is the readable statement of what a
 * policy means: when in doubt about a decision, read `referenceCan` top to bottom.
 */

type Row = Readonly<Record<string, unknown>>;

/** A contact as the evaluator sees it: the fields scopes compare against. */
interface ContactView {
  readonly id: string;
  readonly accountId: unknown;
  readonly legalEntity: unknown;
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own value of a field, or `undefined`: inherited properties never count. */
function fieldOf(record: Row, field: string): unknown {
  return Object.hasOwn(record, field) ? record[field] : undefined;
}

/** Strict string equality; a missing, null, empty or non-string value never matches anything (D2). */
function sameNonEmptyString(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a !== '' && a === b;
}

/**
 * Whether the record relates to `expected` through `relationship`: a plain field holding exactly that
 * string, or, when the table declares `relationship` under `manyToMany`, a list (an array) of related ids
 * one of whose own elements is that string. Anything else (missing, null, not an array, empty) relates to nothing.
 */
function relatesTo(table: TableInput, relationship: string, record: Row, expected: unknown): boolean {
  const declared = table.manyToMany ?? {};
  if (!Object.hasOwn(declared, relationship)) {
    return sameNonEmptyString(fieldOf(record, relationship), expected);
  }
  const ids = fieldOf(record, declared[relationship]!.field);
  if (!Array.isArray(ids)) return false;
  for (let index = 0; index < ids.length; index++) {
    if (Object.hasOwn(ids, index) && sameNonEmptyString(ids[index], expected)) return true;
  }
  return false;
}

function tableOf(policy: PolicyInput, name: string): TableInput | undefined {
  return Object.hasOwn(policy.tables, name) ? policy.tables[name] : undefined;
}

function permissionNamed(policy: PolicyInput, name: string): TablePermissionInput | undefined {
  return (policy.tablePermissions ?? []).find((permission) => permission.name === name);
}

function keyOf(table: TableInput): string {
  return table.key ?? 'id';
}

function contactTableOf(policy: PolicyInput): string {
  return policy.contactTable ?? 'contact';
}

/** The web roles a principal holds (D1): a visitor only the Anonymous role; a contact its own, its account's and Authenticated. */
function rolesOf(policy: PolicyInput, principal: Principal): string[] {
  const roles = policy.webRoles ?? [];
  if (principal.kind === 'anonymous')
    return roles.filter((role) => role.anonymousUsers).map((role) => role.name);
  // Internal users hold security roles, not web roles (see reference-users.ts).
  if (principal.kind === 'user') return [];
  const authenticated = roles.filter((role) => role.authenticatedUsers).map((role) => role.name);
  // The account's roles (Power Pages' adx_webrole_account) count only while the contact has an account.
  const ofAccount = principal.accountId ? (principal.accountWebRoles ?? []) : [];
  return [...(principal.webRoles ?? []), ...ofAccount, ...authenticated];
}

/**
 * The roles a permission is linked to: its own list, or, when it is a child that lists none, the list of
 * the nearest ancestor that has one (the engine applies a child exactly when its chain's top applies).
 */
function linkedRoles(policy: PolicyInput, permission: TablePermissionInput): readonly string[] {
  const visited: string[] = [];
  let at: TablePermissionInput | undefined = permission;
  while (at !== undefined && !visited.includes(at.name)) {
    if ((at.webRoles ?? []).length > 0 || at.scope !== 'parent') return at.webRoles ?? [];
    visited.push(at.name);
    at = at.parent === undefined ? undefined : permissionNamed(policy, at.parent);
  }
  return [];
}

/** Whether `permission` and each of its ancestors is active and linked to a role the principal holds (D5, D17). */
function chainIsEffective(
  policy: PolicyInput,
  permission: TablePermissionInput,
  roles: readonly string[],
): boolean {
  if (permission.active === false) return false;
  if (!linkedRoles(policy, permission).some((role) => roles.includes(role))) return false;
  if (permission.scope !== 'parent') return true;
  const parent = permission.parent === undefined ? undefined : permissionNamed(policy, permission.parent);
  return parent !== undefined && chainIsEffective(policy, parent, roles);
}

/** Whether the permission's scope covers `record` (a row of the permission's table) for `contact`. */
function covers(
  policy: PolicyInput,
  permission: TablePermissionInput,
  contact: ContactView | undefined,
  record: Row,
): boolean {
  const table = tableOf(policy, permission.table);
  if (!table) return false;
  switch (permission.scope) {
    case 'global':
      return true;
    case 'contact': {
      const field = permission.relationship ?? table.contact;
      if (contact === undefined || field === undefined || !relatesTo(table, field, record, contact.id))
        return false;
      // A bounded contact scope also keeps the row inside the contact's own company, whatever links it (D20).
      if (permission.within === 'account') return inContactsAccount(table, table.account, contact, record);
      if (permission.within === 'legalEntity') {
        return (
          table.legalEntity !== undefined &&
          sameNonEmptyString(fieldOf(record, table.legalEntity), contact.legalEntity)
        );
      }
      return true;
    }
    case 'account':
      return inContactsAccount(table, permission.relationship ?? table.account, contact, record);
    case 'self':
      return (
        contact !== undefined &&
        permission.table === contactTableOf(policy) &&
        sameNonEmptyString(fieldOf(record, keyOf(table)), contact.id)
      );
    case 'parent': {
      const parent = permission.parent === undefined ? undefined : permissionNamed(policy, permission.parent);
      const parentTable = parent === undefined ? undefined : tableOf(policy, parent.table);
      if (!parent || !parentTable) return false;
      const field = permission.relationship ?? table.parent?.[parent.table];
      if (field === undefined) return false;
      // The child carries its parent under the parent table's name, and it must be the parent it names (D15).
      const embedded = fieldOf(record, parent.table);
      if (!isRow(embedded)) return false;
      if (!sameNonEmptyString(fieldOf(embedded, keyOf(parentTable)), fieldOf(record, field))) return false;
      return covers(policy, parent, contact, embedded);
    }
  }
}

/**
 * A contact-scoped create must also place the new record in the contact's own account (and legal entity),
 * where the table has an account field: naming yourself never lets you create rows in another company.
 */
function createsInOwnAccount(
  policy: PolicyInput,
  permission: TablePermissionInput,
  contact: ContactView | undefined,
  record: Row,
): boolean {
  const table = tableOf(policy, permission.table);
  if (permission.scope !== 'contact' || table?.account === undefined) return true;
  return inContactsAccount(table, table.account, contact, record);
}

/** Whether the record's account (through `field`) is the contact's, in the contact's legal entity if declared (D4). */
function inContactsAccount(
  table: TableInput,
  field: string | undefined,
  contact: ContactView | undefined,
  record: Row,
): boolean {
  if (contact === undefined || field === undefined) return false;
  if (!relatesTo(table, field, record, contact.accountId)) return false;
  // An account is identified by (legal entity, account number) when the table declares a legal entity (D4).
  return (
    table.legalEntity === undefined ||
    sameNonEmptyString(fieldOf(record, table.legalEntity), contact.legalEntity)
  );
}

/** Open registration needs both switches: registration on (the default) and the open form on (off by default). */
function openRegistrationIsOn(policy: PolicyInput): boolean {
  return policy.registration?.enabled !== false && policy.registration?.openRegistration === true;
}

/**
 * The reference answer to "may this portal contact or visitor do `action` on this record of `table`?",
 * written for readability from the SPEC, to check the compiled ability against. Expects a valid policy
 * input (`policyInputOf(policy)` gives the one a policy was defined from) and a principal that `abilityFor`
 * accepts. Gates first (account state, self-registration, password change), then the union of every
 * effective table permission of every role held, each covering the record through its scope.
 */
export function referenceCan(
  policy: PolicyInput,
  principal: Principal,
  action: string,
  table: string,
  record: unknown,
): boolean {
  if (principal.kind === 'user') return referenceUserCan(policy, principal, action, table, record);
  if (!isRow(record)) return false;
  let contact: ContactView | undefined;
  if (principal.kind === 'contact') {
    if (principal.state !== undefined && principal.state !== 'active') return false;
    // After a password reset nothing is reachable until the password is changed (SPEC 3).
    if (principal.mustChangePassword === true) return false;
    // Nobody vouched for a self-registered contact while open registration is off: they are a visitor.
    if (principal.registeredVia === 'openRegistration' && !openRegistrationIsOn(policy)) {
      return referenceCan(policy, { kind: 'anonymous' }, action, table, record);
    }
    contact = { id: principal.id, accountId: principal.accountId, legalEntity: principal.legalEntity };
  }
  const roles = rolesOf(policy, principal);
  for (const role of roles) {
    for (const permission of policy.tablePermissions ?? []) {
      if (permission.table !== table) continue;
      if (!linkedRoles(policy, permission).includes(role)) continue;
      if (!(permission.privileges as readonly string[]).includes(action)) continue;
      if (!chainIsEffective(policy, permission, roles)) continue;
      if (action === 'create' && !createsInOwnAccount(policy, permission, contact, record)) continue;
      if (covers(policy, permission, contact, record)) return true;
    }
  }
  return false;
}
