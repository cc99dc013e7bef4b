import type { PolicyInput } from '../policy/schema.js';
import { RECORD_KEYS, VALUE_POOLS } from './value-pools.js';

type TablePermissionInput = NonNullable<PolicyInput['tablePermissions']>[number];

/*
 * Which fields of a table a policy can compare, and which pool each field's values come from: the shared
 * knowledge of the record and dataset arbitraries.
 */

function permissionsOn(policy: PolicyInput, table: string): TablePermissionInput[] {
  return (policy.tablePermissions ?? []).filter((permission) => permission.table === table);
}

function tableOf(policy: PolicyInput, name: string): PolicyInput['tables'][string] {
  return (Object.hasOwn(policy.tables, name) ? policy.tables[name] : undefined) ?? {};
}

/** The table whose rows are contacts. */
export function contactTableOf(policy: PolicyInput): string {
  return policy.contactTable ?? 'contact';
}

/** The field that identifies a row of `tableName` (D14). */
export function keyFieldOf(policy: PolicyInput, tableName: string): string {
  return tableOf(policy, tableName).key ?? 'id';
}

/** The pool a row key of `tableName` comes from: contact ids for the contact table (self scope). */
export function keyPoolOf(policy: PolicyInput, tableName: string): readonly string[] {
  return tableName === contactTableOf(policy) ? VALUE_POOLS.contactIds : RECORD_KEYS;
}

/** Who may own a record or receive a share: the generated users and the policy's teams. */
export function ownerPoolOf(policy: PolicyInput): readonly string[] {
  return [...VALUE_POOLS.userIds, ...(policy.teams ?? []).map((team) => team.id)];
}

/** The business units a record may belong to; a made-up one when the policy has none. */
export function businessUnitPoolOf(policy: PolicyInput): readonly string[] {
  const units = (policy.businessUnits ?? []).map((unit) => unit.id);
  return units.length > 0 ? units : ['bu'];
}

/** The field holding a record's shares in memory, when the table declares one. */
export function sharesFieldOf(policy: PolicyInput, tableName: string): string | undefined {
  return tableOf(policy, tableName).shares;
}

/**
 * The fields of `tableName` listing the related ids of its many-to-many relationships, with the pool the
 * ids come from (contact ids or account numbers) and the relationship's name.
 */
export function manyToManyFields(
  policy: PolicyInput,
  tableName: string,
): Map<string, { readonly relationship: string; readonly pool: readonly string[] }> {
  const fields = new Map<string, { readonly relationship: string; readonly pool: readonly string[] }>();
  for (const [relationship, { links, field }] of Object.entries(
    tableOf(policy, tableName).manyToMany ?? {},
  )) {
    fields.set(field, {
      relationship,
      pool: links === 'contact' ? VALUE_POOLS.contactIds : VALUE_POOLS.accountIds,
    });
  }
  return fields;
}

const isManyToMany = (policy: PolicyInput, tableName: string, name: string | undefined): boolean =>
  name !== undefined && Object.hasOwn(tableOf(policy, tableName).manyToMany ?? {}, name);

/** Every field a scope may compare on `table` other than parent references, with the pool its values come from. */
export function scalarFields(policy: PolicyInput, tableName: string): Map<string, readonly string[]> {
  const table = tableOf(policy, tableName);
  const fields = new Map<string, readonly string[]>();
  fields.set(keyFieldOf(policy, tableName), keyPoolOf(policy, tableName));
  // A default relationship naming a many-to-many relationship is no field: its ids are a list (manyToManyFields).
  if (table.contact && !isManyToMany(policy, tableName, table.contact))
    fields.set(table.contact, VALUE_POOLS.contactIds);
  if (table.account && !isManyToMany(policy, tableName, table.account))
    fields.set(table.account, VALUE_POOLS.accountIds);
  if (table.legalEntity) fields.set(table.legalEntity, VALUE_POOLS.legalEntities);
  if (table.owner) fields.set(table.owner, ownerPoolOf(policy));
  if (table.businessUnit) fields.set(table.businessUnit, businessUnitPoolOf(policy));
  for (const permission of permissionsOn(policy, tableName)) {
    if (permission.relationship === undefined || permission.scope === 'parent') continue;
    if (isManyToMany(policy, tableName, permission.relationship)) continue;
    const pool = permission.scope === 'account' ? VALUE_POOLS.accountIds : VALUE_POOLS.contactIds;
    if (!fields.has(permission.relationship)) fields.set(permission.relationship, pool);
  }
  return fields;
}

/** The tables a row of `tableName` may carry as its parent: the declared ones and those of parent permissions. */
export function parentTablesOf(policy: PolicyInput, tableName: string): string[] {
  const declared = Object.keys(tableOf(policy, tableName).parent ?? {});
  const viaPermissions = permissionsOn(policy, tableName).flatMap((permission) => {
    const parent = (policy.tablePermissions ?? []).find((candidate) => candidate.name === permission.parent);
    return permission.scope === 'parent' && parent !== undefined ? [parent.table] : [];
  });
  return [...new Set([...declared, ...viaPermissions])];
}

/** The fields of `tableName` that reference `parentTable`: the declared one and any permission override. */
export function referenceFields(policy: PolicyInput, tableName: string, parentTable: string): string[] {
  const declared = tableOf(policy, tableName).parent?.[parentTable];
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
