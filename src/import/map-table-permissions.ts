import { FORBIDDEN_KEYS, nameSchema } from '../base/names.js';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';
import type { TableInput } from '../policy/table.js';
import type { TablePermissionInput } from '../policy/table-permission.js';
import type { ReportBuilder, ReportedRecord } from './import-report.js';
import type { RelationshipCatalog } from './relationships.js';
import { isInactive, type SiteRecord } from './site-record.js';
import { dataverseKeyOf } from './standard-relationships.js';
import { type PermissionRecord, readPermissionRecord } from './table-permission-record.js';

/** Mutable table declarations while permissions are mapped. */
type Tables = Record<string, { -readonly [K in keyof TableInput]: TableInput[K] } & { parent?: Record<string, string>; manyToMany?: Record<string, NonNullable<TableInput['manyToMany']>[string]> }>;

/** The tables and permissions mapped from a site, and the relationships no source could resolve. */
export interface MappedPermissions {
  readonly tables: Tables;
  readonly tablePermissions: TablePermissionInput[];
  /** One message per permission left out for an unresolved relationship (an error with `strict`). */
  readonly unresolved: string[];
}

/** What mapping table permissions needs besides the records. */
export interface PermissionContext {
  readonly roleNames: ReadonlyMap<string, string>;
  readonly catalog: RelationshipCatalog;
  readonly contactTable: string;
  readonly report: ReportBuilder;
}

const entryOf = (permission: PermissionRecord): ReportedRecord => ({
  kind: 'tablePermission',
  name: permission.name ?? permission.id ?? '(unnamed)',
  file: permission.record.file,
});

/** The first reason a permission cannot be mapped on its own (before its chain and relationship are looked at). */
function ownProblem(permission: PermissionRecord, context: PermissionContext): [Parameters<ReportBuilder['skip']>[1], string] | undefined {
  if (isInactive(permission.record)) return ['inactive', 'the permission is inactive (statecode 1), so the engine ignores it and its children'];
  if (permission.id === undefined) return ['missing_id', 'the permission has no id'];
  if (permission.name === undefined || !nameSchema.safeParse(permission.name).success) return ['missing_name', 'the permission has no usable name (entityname)'];
  if (permission.table === undefined || FORBIDDEN_KEYS.has(permission.table)) return ['unknown_table', 'entitylogicalname is missing or not a logical name'];
  if (permission.scope === undefined) return ['unknown_scope', `scope ${permission.scopeOption ?? '(none)'} is not one of 756150000-756150004 (global, contact, account, parent, self)`];
  if (permission.scope === 'self' && permission.table !== context.contactTable) return ['invalid_value', `scope self applies to the contact table only, not to "${permission.table}"`];
  return undefined;
}

/** Sets a table's default relationship field, or returns the column as a per-permission override. */
function placeColumn(tables: Tables, table: string, slot: 'contact' | 'account', column: string): string | undefined {
  const declared = tables[table]!;
  if (declared[slot] === undefined) declared[slot] = column;
  return declared[slot] === column ? undefined : column;
}

function placeParent(tables: Tables, table: string, parentTable: string, column: string): string | undefined {
  const declared = tables[table]!;
  const parents = (declared.parent ??= {});
  if (!Object.hasOwn(parents, parentTable)) parents[parentTable] = column;
  return parents[parentTable] === column ? undefined : column;
}

/**
 * Maps table permissions: each chain in order from its root, a child taking its chain's roles; a permission
 * whose relationship no source resolves is left out with its children and reported (never guessed).
 */
export function mapTablePermissions(records: readonly SiteRecord[], context: PermissionContext): MappedPermissions {
  const { report, catalog, roleNames, contactTable } = context;
  const tables: Tables = Object.create(null) as Tables;
  const tablePermissions: TablePermissionInput[] = [];
  const unresolved: string[] = [];
  const byId = new Map<string, PermissionRecord>();
  const candidates: PermissionRecord[] = [];
  for (const record of records) {
    const permission = readPermissionRecord(record);
    const problem = ownProblem(permission, context);
    if (problem !== undefined) report.skip(entryOf(permission), ...problem);
    else if (byId.has(permission.id!)) report.skip(entryOf(permission), 'duplicate_id', `another permission already has id ${permission.id}`);
    else {
      byId.set(permission.id!, permission);
      candidates.push(permission);
    }
  }
  // Mapped permissions by id: name, table and roles, which their children take.
  const mapped = new Map<string, { readonly name: string; readonly table: string; readonly roles: readonly string[] }>();
  const failed = new Set<string>();
  const names = new Set<string>();
  const mapOne = (permission: PermissionRecord, chain: readonly string[]): void => {
    const id = permission.id!;
    if (mapped.has(id) || failed.has(id)) return;
    const fail = (reason: Parameters<ReportBuilder['skip']>[1], message: string) => {
      failed.add(id);
      report.skip(entryOf(permission), reason, message);
    };
    let parent: { readonly name: string; readonly table: string; readonly roles: readonly string[] } | undefined;
    if (permission.scope === 'parent') {
      const parentRecord = permission.parentId === undefined ? undefined : byId.get(permission.parentId);
      if (parentRecord === undefined) return fail('orphan_child', `its parent permission ${permission.parentId ?? '(none)'} is not in the site or was left out`);
      if (chain.includes(parentRecord.id!)) return fail('orphan_child', 'its parent chain is a cycle');
      if (chain.length + 1 >= MAX_PARENT_DEPTH) return fail('orphan_child', `its parent chain is deeper than ${MAX_PARENT_DEPTH} permissions`);
      mapOne(parentRecord, [...chain, id]);
      parent = mapped.get(parentRecord.id!);
      if (parent === undefined) return fail('orphan_child', `its parent permission "${parentRecord.name ?? parentRecord.id}" was left out`);
    }
    // The engine ignores a child's own roles: the chain's roles decide (the parent's, already the root's).
    const ownRoles = [...new Set(permission.roleIds.flatMap((roleId) => (roleNames.has(roleId) ? [roleNames.get(roleId)!] : [])))];
    const roles = parent === undefined ? ownRoles : [...parent.roles];
    if (parent === undefined && ownRoles.length < new Set(permission.roleIds).size)
      report.note(entryOf(permission), 'some of its web role ids name no mapped web role; those links are dropped');
    if (parent !== undefined && ownRoles.join('\n') !== roles.join('\n') && permission.roleIds.length > 0)
      report.note(entryOf(permission), `a child permission works for its chain's roles (${roles.join(', ') || 'none'}), not its own`);
    if (roles.length === 0) return fail('no_roles', 'no web role holds it (or its chain), so it grants nothing');
    if (names.has(permission.name!)) return fail('duplicate_name', `another permission is already called "${permission.name}"; rename one (permissions are keyed by name)`);
    const table = permission.table!;
    let relationship: string | undefined;
    const scope = permission.scope!;
    if (scope === 'contact' || scope === 'account' || scope === 'parent') {
      if (permission.relationship === undefined) return fail('unresolved_relationship', `scope ${scope} needs a ${scope}relationship, and the permission names none`);
      const resolution = catalog.resolve(permission.relationship, {
        table,
        target: scope,
        contactTable,
        ...(parent === undefined ? {} : { parentTable: parent.table }),
      });
      if ('problem' in resolution) {
        unresolved.push(`table permission "${permission.name}" (${permission.record.file}): ${resolution.problem}`);
        return fail('unresolved_relationship', resolution.problem);
      }
      tables[table] ??= { key: dataverseKeyOf(table) };
      if ('manyToMany' in resolution) {
        const { intersect, recordColumn, relatedColumn, field } = resolution.manyToMany;
        const linkName = permission.relationship.toLowerCase();
        tables[table].manyToMany = { ...tables[table].manyToMany, [linkName]: { links: scope as 'contact' | 'account', field, intersect, recordColumn, relatedColumn } };
        relationship = linkName;
      } else {
        relationship = scope === 'parent' ? placeParent(tables, table, parent!.table, resolution.column) : placeColumn(tables, table, scope, resolution.column);
      }
      report.resolved({ name: permission.relationship, table, column: 'column' in resolution ? resolution.column : relationship!, origin: resolution.origin });
    }
    tables[table] ??= { key: dataverseKeyOf(table) };
    names.add(permission.name!);
    mapped.set(id, { name: permission.name!, table, roles });
    tablePermissions.push({
      name: permission.name!,
      table,
      scope,
      privileges: permission.privileges,
      webRoles: roles,
      ...(parent === undefined ? {} : { parent: parent.name }),
      ...(relationship === undefined ? {} : { relationship }),
    });
    report.map(entryOf(permission));
  };
  for (const permission of candidates) mapOne(permission, []);
  return { tables, tablePermissions, unresolved };
}
