import fc from 'fast-check';
import { SCOPES, type Scope, TABLE_PERMISSION_PRIVILEGES } from '../policy/privilege.js';
import type { PolicyInput } from '../policy/schema.js';
import type { AnonymousPrincipal } from '../principal/anonymous.js';
import type { ContactPrincipal } from '../principal/contact.js';
import type { Principal } from '../principal/principal.js';

type TableInput = PolicyInput['tables'][string];
type TablePermissionInput = NonNullable<PolicyInput['tablePermissions']>[number];
type WebRoleInput = NonNullable<PolicyInput['webRoles']>[number];

/*
 * Random portal policies, principals and records that fit them. Values come from small pools shared by
 * principals and records so that scopes actually match, mixed with the values that break naive matchers:
 * null, missing fields, empty strings, numbers that look like ids, padded ids and operator objects.
 */

/** Contact ids, account numbers and legal entities drawn by principals and records alike. */
export const VALUE_POOLS = {
  contactIds: ['c1', '42'],
  accountIds: ['A', 'B'],
  legalEntities: ['usmf', 'demf'],
} as const;

/** Values that must never match anything a principal holds (RELIABILITY 2, 4, 6). */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  '',
  42,
  ' 42',
  '42abc',
  ' c1',
  { $ne: null },
  { $regex: '.*' },
  ['c1'],
];

/** The most permissions a generated parent chain holds, the permission itself included. */
export const GENERATED_CHAIN_LENGTH = 4;

const CONTACT_TABLE = 'contact';
const MISSING = Symbol('missing');

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------
// Policies: a blueprint of small integers, built into a policy that is valid by construction.

interface TableBlueprint {
  readonly key: boolean;
  readonly contact: boolean;
  readonly account: boolean;
  readonly legalEntity: boolean;
  readonly parents: readonly boolean[];
}

interface PermissionBlueprint {
  readonly table: number;
  readonly scope: number;
  readonly parent: number;
  readonly roles: readonly number[];
  readonly privileges: readonly (typeof TABLE_PERMISSION_PRIVILEGES)[number][];
  readonly active: boolean | undefined;
  readonly override: boolean;
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
  });

const permissionBlueprint: fc.Arbitrary<PermissionBlueprint> = fc.record({
  table: fc.nat(7),
  scope: fc.nat(7),
  parent: fc.nat(7),
  roles: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
  privileges: fc.subarray([...TABLE_PERMISSION_PRIVILEGES]),
  active: fc.constantFrom(undefined, undefined, true, true, false),
  override: fc.boolean(),
});

const policyBlueprint: fc.Arbitrary<PolicyBlueprint> = fc.integer({ min: 1, max: 3 }).chain((tableCount) =>
  fc.record({
    contactTable: tableBlueprint(0),
    // Table i may name the contact table and any earlier table as a parent, so chains can reach four deep.
    tables: fc.tuple(...Array.from({ length: tableCount }, (_, index) => tableBlueprint(index + 1))),
    roleCount: fc.integer({ min: 1, max: 4 }),
    authenticatedRole: fc.boolean(),
    anonymousRole: fc.boolean(),
    permissions: fc.array(permissionBlueprint, { maxLength: 10 }),
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
  const usable = SCOPES.filter((scope): boolean => {
    if (scope === 'contact') return table.contact !== undefined || blueprint.override;
    if (scope === 'account') return table.account !== undefined || blueprint.override;
    if (scope === 'self') return tableName === CONTACT_TABLE;
    if (scope === 'parent') return parents.length > 0;
    return true;
  });
  // Parent scopes need a parent to exist, so they would be rare: prefer them when one does.
  const scope: Scope =
    usable.includes('parent') && blueprint.scope < 4 ? 'parent' : usable[blueprint.scope % usable.length]!;
  const parent = scope === 'parent' ? parents[blueprint.parent % parents.length] : undefined;
  // A child permission may only name roles its parent has (D5): it keeps them all but perhaps one.
  const webRoles = parent
    ? (parent.webRoles ?? []).filter((_, position) => position !== blueprint.roles[0])
    : blueprint.roles.flatMap((role) => (roleNames[role] === undefined ? [] : [roleNames[role]!]));
  const override = blueprint.override && (scope === 'contact' || scope === 'account');
  return {
    name: `p${index}`,
    table: tableName,
    scope,
    privileges: [...blueprint.privileges],
    webRoles,
    ...(parent ? { parent: parent.name } : {}),
    ...(override ? { relationship: scope === 'contact' ? 'altContact' : 'altAccount' } : {}),
    ...(blueprint.active === undefined ? {} : { active: blueprint.active }),
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
 * to four permissions long, inactive permissions, roles with and without permissions, and optional
 * Authenticated and Anonymous users roles.
 */
export function arbitraryPortalPolicy(): fc.Arbitrary<PolicyInput> {
  return policyBlueprint.map(buildPolicy);
}

// ---------------------------------------------------------------------------------------------------------
// Principals.

const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });

/** The web roles a policy lets a contact hold: every role but the Anonymous users role. */
function assignableRoles(policy: PolicyInput): string[] {
  return (policy.webRoles ?? []).filter((role) => !role.anonymousUsers).map((role) => role.name);
}

/** A visitor who is not signed in. */
export function arbitraryVisitor(): fc.Arbitrary<AnonymousPrincipal> {
  return fc.constant({ kind: 'anonymous' } as const);
}

/**
 * Contacts that fit a policy: ids, accounts and legal entities from `VALUE_POOLS` (so records match),
 * sometimes null, empty or missing; any subset of the assignable roles, sometimes repeated; now and then a
 * non-active account state or a pending password change.
 */
export function arbitraryContact(policy: PolicyInput): fc.Arbitrary<ContactPrincipal> {
  const roles = assignableRoles(policy);
  const absent = fc.constantFrom(null, '');
  return fc.record(
    {
      kind: fc.constant('contact' as const),
      id: fc.constantFrom(...VALUE_POOLS.contactIds),
      accountId: mostly(fc.constantFrom(...VALUE_POOLS.accountIds), absent),
      legalEntity: mostly(fc.constantFrom(...VALUE_POOLS.legalEntities), absent),
      webRoles: roles.length === 0 ? fc.constant([]) : fc.array(fc.constantFrom(...roles), { maxLength: 4 }),
      state: mostly(
        fc.constant('active' as const),
        fc.constantFrom('blocked', 'disabled', 'deleted', 'purged'),
      ),
      mustChangePassword: mostly(fc.constant(false), fc.constant(true)),
    },
    { requiredKeys: ['kind', 'id'] },
  );
}

/** Contacts and visitors that fit a policy (see `arbitraryContact`). */
export function arbitraryPortalPrincipal(policy: PolicyInput): fc.Arbitrary<Principal> {
  return fc.oneof(
    { arbitrary: arbitraryContact(policy), weight: 4 },
    { arbitrary: arbitraryVisitor(), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Records.

/** A pooled value most of the time, otherwise a hostile value or a missing field. */
function fieldValue(pool: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 2 },
    { arbitrary: fc.constant(MISSING), weight: 1 },
  );
}

function permissionsOn(policy: PolicyInput, table: string): TablePermissionInput[] {
  return (policy.tablePermissions ?? []).filter((permission) => permission.table === table);
}

/** Every field a scope may compare on `table`, with the pool its values come from. */
function scalarFields(policy: PolicyInput, tableName: string): Map<string, readonly string[]> {
  const table = policy.tables[tableName] ?? {};
  const fields = new Map<string, readonly string[]>();
  const contactTable = policy.contactTable ?? CONTACT_TABLE;
  fields.set(
    table.key ?? 'id',
    tableName === contactTable ? VALUE_POOLS.contactIds : ['k1', 'k2', ...VALUE_POOLS.contactIds],
  );
  if (table.contact) fields.set(table.contact, VALUE_POOLS.contactIds);
  if (table.account) fields.set(table.account, VALUE_POOLS.accountIds);
  if (table.legalEntity) fields.set(table.legalEntity, VALUE_POOLS.legalEntities);
  for (const permission of permissionsOn(policy, tableName)) {
    if (permission.relationship === undefined) continue;
    const pool = permission.scope === 'account' ? VALUE_POOLS.accountIds : VALUE_POOLS.contactIds;
    if (!fields.has(permission.relationship)) fields.set(permission.relationship, pool);
  }
  return fields;
}

/** The fields of `tableName` that reference `parentTable`: the declared one and any permission override. */
function referenceFields(policy: PolicyInput, tableName: string, parentTable: string): string[] {
  const declared = policy.tables[tableName]?.parent?.[parentTable];
  const overrides = permissionsOn(policy, tableName).flatMap((permission) => {
    const parent = (policy.tablePermissions ?? []).find((candidate) => candidate.name === permission.parent);
    return permission.scope === 'parent' &&
      parent?.table === parentTable &&
      permission.relationship !== undefined
      ? [permission.relationship]
      : [];
  });
  return [...new Set([...(declared === undefined ? [] : [declared]), ...overrides])];
}

type ParentLink = 'match' | 'mismatch' | 'missing' | 'primitive' | 'null';

function linkParent(
  record: Row,
  parentTable: string,
  parent: unknown,
  link: ParentLink,
  refs: readonly string[],
  key: string,
): void {
  if (link === 'missing') return;
  if (link === 'null' || link === 'primitive') {
    record[parentTable] = link === 'null' ? null : 'k1';
    return;
  }
  const embedded = { ...(parent as Row) };
  record[parentTable] = embedded;
  if (link === 'match') {
    // Keep whatever key the parent has (hostile values included) so the child names exactly that.
    const id = Object.hasOwn(embedded, key) ? embedded[key] : 'k1';
    embedded[key] = id;
    for (const ref of refs) record[ref] = id;
  } else {
    for (const ref of refs) if (record[ref] === embedded[key]) record[ref] = `${String(embedded[key])}-other`;
  }
}

/**
 * Records that fit a table of a policy: every relationship field from the shared pools, or null, missing,
 * a number, a padded id or an operator object; and for each parent table an embedded parent record that
 * matches the child's reference, names another row, is missing, null or a primitive (D15), `depth` deep.
 */
export function arbitraryRecord(
  policy: PolicyInput,
  tableName: string,
  depth = GENERATED_CHAIN_LENGTH - 1,
): fc.Arbitrary<Row> {
  const table = policy.tables[tableName] ?? {};
  const fields = [...scalarFields(policy, tableName)];
  const parentTables = depth > 0 ? Object.keys(table.parent ?? {}) : [];
  for (const parentTable of parentTables) {
    for (const ref of referenceFields(policy, tableName, parentTable))
      fields.push([ref, ['k1', 'k2', ...VALUE_POOLS.contactIds]]);
  }
  const links = parentTables.map((parentTable) =>
    fc.tuple(
      arbitraryRecord(policy, parentTable, depth - 1),
      fc.constantFrom<ParentLink>(
        'match',
        'match',
        'match',
        'match',
        'match',
        'mismatch',
        'missing',
        'primitive',
        'null',
      ),
    ),
  );
  return fc
    .tuple(fc.tuple(...fields.map(([, pool]) => fieldValue(pool))), fc.tuple(...links))
    .map(([values, parents]) => {
      const record: Row = {};
      fields.forEach(([field], index) => {
        if (values[index] !== MISSING) record[field] = values[index];
      });
      parents.forEach(([parent, link], index) => {
        const parentTable = parentTables[index]!;
        const key = policy.tables[parentTable]?.key ?? 'id';
        linkParent(record, parentTable, parent, link, referenceFields(policy, tableName, parentTable), key);
      });
      return record;
    });
}
