import fc from 'fast-check';
import { SCOPES, type Scope, TABLE_PERMISSION_PRIVILEGES } from '../base/privilege.js';
import type { PolicyInput } from '../policy/schema.js';

type TableInput = PolicyInput['tables'][string];
type TablePermissionInput = NonNullable<PolicyInput['tablePermissions']>[number];
type WebRoleInput = NonNullable<PolicyInput['webRoles']>[number];

/*
 * Random valid portal policies, for properties that must hold for every policy (the kit's own tests); the
 * principal and record arbitraries then fit whichever policy they are given.
 */

/** The most permissions a generated parent chain holds, the permission itself included. */
export const GENERATED_CHAIN_LENGTH = 4;

const CONTACT_TABLE = 'contact';

// ---------------------------------------------------------------------------------------------------------
// Policies: a blueprint of small integers, built into a policy that is valid by construction.

interface TableBlueprint {
  readonly key: boolean;
  readonly contact: boolean;
  readonly account: boolean;
  readonly legalEntity: boolean;
  readonly parents: readonly boolean[];
  /** Declares two many-to-many relationships: `members` (contacts) and `customers` (accounts). */
  readonly manyToMany: boolean;
}

interface PermissionBlueprint {
  readonly table: number;
  readonly scope: number;
  readonly parent: number;
  readonly roles: readonly number[];
  readonly privileges: readonly (typeof TABLE_PERMISSION_PRIVILEGES)[number][];
  readonly active: boolean | undefined;
  readonly override: boolean;
  /** Goes through the table's many-to-many relationship when the scope is contact or account and it has one. */
  readonly manyToMany: boolean;
  /** Bounds a contact scope within the contact's account or legal entity, when the table declares it (D20). */
  readonly within: 'account' | 'legalEntity' | undefined;
}

interface PolicyBlueprint {
  readonly contactTable: TableBlueprint;
  readonly tables: readonly TableBlueprint[];
  readonly roleCount: number;
  readonly authenticatedRole: boolean;
  readonly anonymousRole: boolean;
  readonly permissions: readonly PermissionBlueprint[];
}

const tableBlueprint = (parentCount: number): fc.Arbitrary<TableBlueprint> =>
  fc.record({
    key: fc.boolean(),
    contact: fc.boolean(),
    account: fc.boolean(),
    legalEntity: fc.boolean(),
    parents: fc.array(fc.constantFrom(true, true, false), { minLength: parentCount, maxLength: parentCount }),
    manyToMany: fc.boolean(),
  });

const permissionBlueprint: fc.Arbitrary<PermissionBlueprint> = fc.record({
  table: fc.nat(7),
  scope: fc.nat(7),
  parent: fc.nat(7),
  roles: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
  privileges: fc.subarray([...TABLE_PERMISSION_PRIVILEGES]),
  active: fc.constantFrom(undefined, undefined, true, true, false),
  override: fc.boolean(),
  manyToMany: fc.boolean(),
  within: fc.constantFrom(undefined, undefined, 'account', 'legalEntity'),
});

const policyBlueprint: fc.Arbitrary<PolicyBlueprint> = fc.integer({ min: 1, max: 3 }).chain((tableCount) =>
  fc.record({
    contactTable: tableBlueprint(0),
    // Table i may name the contact table and any earlier table as a parent, so chains can reach four deep.
    tables: fc.tuple(...Array.from({ length: tableCount }, (_, index) => tableBlueprint(index + 1))),
    roleCount: fc.integer({ min: 1, max: 4 }),
    authenticatedRole: fc.boolean(),
    anonymousRole: fc.boolean(),
    // At least one permission: a policy granting nothing only tests that nothing is granted.
    permissions: fc.array(permissionBlueprint, { minLength: 1, maxLength: 10 }),
  }),
);

function buildTable(name: string, blueprint: TableBlueprint, parentNames: readonly string[]): TableInput {
  const parents = parentNames.filter((_, index) => blueprint.parents[index]);
  return {
    ...(blueprint.key ? { key: name === CONTACT_TABLE ? 'contactid' : 'code' } : {}),
    ...(blueprint.contact && name !== CONTACT_TABLE ? { contact: 'contactRef' } : {}),
    ...(blueprint.account ? { account: 'accountRef' } : {}),
    ...(blueprint.account && blueprint.legalEntity ? { legalEntity: 'company' } : {}),
    ...(parents.length > 0
      ? { parent: Object.fromEntries(parents.map((parent) => [parent, `${parent}_ref`])) }
      : {}),
    ...(blueprint.manyToMany ? { manyToMany: manyToManyOf(name) } : {}),
  };
}

// Intersect tables named after their table, so no two tables of a policy share one.
function manyToManyOf(name: string): NonNullable<TableInput['manyToMany']> {
  const columns = { recordColumn: 'record', relatedColumn: 'related' };
  return {
    members: { links: 'contact', field: 'memberIds', intersect: `${name}_members`, ...columns },
    customers: { links: 'account', field: 'customerIds', intersect: `${name}_customers`, ...columns },
  };
}

function chainLength(permission: TablePermissionInput, permissions: readonly TablePermissionInput[]): number {
  const parent = permissions.find((candidate) => candidate.name === permission.parent);
  return parent ? 1 + chainLength(parent, permissions) : 1;
}

function buildPermission(
  index: number,
  blueprint: PermissionBlueprint,
  tables: Readonly<Record<string, TableInput>>,
  roleNames: readonly string[],
  earlier: readonly TablePermissionInput[],
): TablePermissionInput {
  const tableNames = Object.keys(tables);
  const tableName = tableNames[blueprint.table % tableNames.length]!;
  const table = tables[tableName]!;
  const parents = earlier.filter(
    (candidate) =>
      table.parent?.[candidate.table] !== undefined &&
      chainLength(candidate, earlier) < GENERATED_CHAIN_LENGTH,
  );
  const linkable = table.manyToMany !== undefined && blueprint.manyToMany;
  const usable = SCOPES.filter((scope): boolean => {
    if (scope === 'contact') return table.contact !== undefined || blueprint.override || linkable;
    if (scope === 'account') return table.account !== undefined || blueprint.override || linkable;
    if (scope === 'self') return tableName === CONTACT_TABLE;
    if (scope === 'parent') return parents.length > 0;
    return true;
  });
  // Parent scopes need a parent to exist, so they would be rare: prefer them when one does.
  const scope: Scope =
    usable.includes('parent') && blueprint.scope < 4 ? 'parent' : usable[blueprint.scope % usable.length]!;
  const parent = scope === 'parent' ? parents[blueprint.parent % parents.length] : undefined;
  // A child permission may only name roles its parent has (D5): it keeps them all but perhaps one, or
  // lists none and takes its chain's roles.
  const childRoles = (from: TablePermissionInput): string[] =>
    blueprint.roles.length === 1
      ? []
      : (from.webRoles ?? []).filter((_, position) => position !== blueprint.roles[0]);
  const webRoles = parent
    ? childRoles(parent)
    : [...new Set(blueprint.roles.map((role) => roleNames[role % roleNames.length]!))];
  const viaManyToMany = linkable && (scope === 'contact' || scope === 'account');
  const override = !viaManyToMany && blueprint.override && (scope === 'contact' || scope === 'account');
  const within =
    scope === 'contact' && blueprint.within !== undefined && table[blueprint.within] !== undefined
      ? blueprint.within
      : undefined;
  return {
    name: `p${index}`,
    table: tableName,
    scope,
    privileges: [...blueprint.privileges],
    webRoles,
    ...(parent ? { parent: parent.name } : {}),
    ...(override ? { relationship: scope === 'contact' ? 'altContact' : 'altAccount' } : {}),
    ...(viaManyToMany ? { relationship: scope === 'contact' ? 'members' : 'customers' } : {}),
    ...(blueprint.active === undefined ? {} : { active: blueprint.active }),
    ...(within === undefined ? {} : { within }),
  };
}

function buildPolicy(blueprint: PolicyBlueprint): PolicyInput {
  const tables: Record<string, TableInput> = {
    [CONTACT_TABLE]: buildTable(CONTACT_TABLE, blueprint.contactTable, []),
  };
  blueprint.tables.forEach((table, index) => {
    tables[`t${index}`] = buildTable(`t${index}`, table, [CONTACT_TABLE, ...Object.keys(tables).slice(1)]);
  });
  const webRoles: WebRoleInput[] = Array.from({ length: blueprint.roleCount }, (_, index) => ({
    name: `Role ${index}`,
  }));
  if (blueprint.authenticatedRole) webRoles.push({ name: 'Authenticated users', authenticatedUsers: true });
  if (blueprint.anonymousRole) webRoles.push({ name: 'Anonymous users', anonymousUsers: true });
  const roleNames = webRoles.map((role) => role.name);
  const tablePermissions: TablePermissionInput[] = [];
  // Parents are picked among earlier permissions: ordering by table (parents first) lets chains grow deep.
  const tableCount = Object.keys(tables).length;
  const ordered = [...blueprint.permissions].sort((a, b) => (a.table % tableCount) - (b.table % tableCount));
  ordered.forEach((permission, index) => {
    tablePermissions.push(buildPermission(index, permission, tables, roleNames, tablePermissions));
  });
  return { tables, webRoles, tablePermissions };
}

/**
 * Random valid portal policies: a contact table and up to three more tables, every scope, parent chains up
 * to four permissions long (children listing some of their parent's roles, or none to take the chain's), contact and account scopes through many-to-many relationships, contact scopes
 * bounded within the account or legal entity, inactive permissions, roles with and without permissions,
 * and optional Authenticated and Anonymous users roles.
 */
export function arbitraryPortalPolicy(): fc.Arbitrary<PolicyInput> {
  return policyBlueprint.map(buildPolicy);
}
