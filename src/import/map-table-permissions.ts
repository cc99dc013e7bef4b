import { FORBIDDEN_KEYS, nameSchema } from '../base/names.js';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';
import type { PolicyInput } from '../policy/schema.js';
import type { TablePermissionInput } from '../policy/table-permission.js';
import type { ReportBuilder, ReportedRecord, SkipReason } from './import-report.js';
import type { RelationshipCatalog } from './relationships.js';
import { isInactive, type SiteRecord } from './site-record.js';
import { dataverseKeyOf } from './standard-relationships.js';
import { type PermissionRecord, readPermissionRecord } from './table-permission-record.js';
import { placeRelationship, type Tables } from './table-relationships.js';

/** The tables and permissions mapped from a site, and the relationships no source could resolve. */
export interface MappedPermissions {
  readonly tables: PolicyInput['tables'];
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

/** A permission already mapped: what its children take from it. */
interface MappedParent {
  readonly name: string;
  readonly table: string;
  readonly roles: readonly string[];
}

/** Why a permission was left out. */
type Failure = readonly [SkipReason, string];

const entryOf = (permission: PermissionRecord): ReportedRecord => ({
  kind: 'tablePermission',
  name: permission.name ?? permission.id ?? '(unnamed)',
  file: permission.record.file,
});

/** The first reason a permission cannot be mapped on its own (before its chain and relationship). */
function ownProblem(permission: PermissionRecord, context: PermissionContext): Failure | undefined {
  if (isInactive(permission.record))
    return [
      'inactive',
      'the permission is inactive (statecode 1), so the engine ignores it and its children',
    ];
  if (permission.id === undefined) return ['missing_id', 'the permission has no id'];
  if (permission.name === undefined || !nameSchema.safeParse(permission.name).success)
    return ['missing_name', 'the permission has no usable name (entityname)'];
  if (permission.table === undefined || FORBIDDEN_KEYS.has(permission.table))
    return ['unknown_table', 'entitylogicalname is missing or not a logical name'];
  if (permission.scope === undefined)
    return [
      'unknown_scope',
      `scope ${permission.scopeOption ?? '(none)'} is not one of 756150000-756150004 (global, contact, account, parent, self)`,
    ];
  if (permission.scope === 'self' && permission.table !== context.contactTable)
    return ['invalid_value', `scope self applies to the contact table only, not to "${permission.table}"`];
  return undefined;
}

/** Maps a site's table permissions, chain by chain; see `mapTablePermissions`. */
class PermissionMapper {
  readonly tables: Tables = Object.create(null) as Tables;
  readonly tablePermissions: TablePermissionInput[] = [];
  readonly unresolved: string[] = [];
  readonly #byId = new Map<string, PermissionRecord>();
  readonly #mapped = new Map<string, MappedParent>();
  readonly #failed = new Set<string>();
  readonly #names = new Set<string>();

  constructor(
    readonly candidates: readonly PermissionRecord[],
    readonly context: PermissionContext,
    readonly sharedIds: ReadonlySet<string>,
  ) {
    for (const permission of candidates) this.#byId.set(permission.id!, permission);
  }

  run(): void {
    for (const permission of this.candidates) this.#map(permission);
  }

  /**
   * How many permissions the chain holds from its root down to `permission`, or why it has none within the
   * bound. Counted up from the permission, so the bound is the same whichever permission is mapped first.
   */
  #depthOf(permission: PermissionRecord): number | Failure {
    const seen: string[] = [];
    for (
      let at: PermissionRecord | undefined = permission;
      at !== undefined;
      at = at.scope === 'parent' && at.parentId !== undefined ? this.#byId.get(at.parentId) : undefined
    ) {
      if (seen.includes(at.id!)) return ['orphan_child', 'its parent chain is a cycle'];
      seen.push(at.id!);
      if (seen.length > MAX_PARENT_DEPTH)
        return ['orphan_child', `its parent chain is deeper than ${MAX_PARENT_DEPTH} permissions`];
    }
    return seen.length;
  }

  /** The mapped parent of a parent-scoped permission (mapping it first), or why there is none. */
  #parentOf(permission: PermissionRecord): MappedParent | Failure {
    // Which of two permissions sharing an id a child hangs under (and whose roles it takes) would be a guess.
    if (permission.parentId !== undefined && this.sharedIds.has(permission.parentId))
      return ['orphan_child', `its parent id ${permission.parentId} is shared by several permissions`];
    const parent = permission.parentId === undefined ? undefined : this.#byId.get(permission.parentId);
    if (parent === undefined)
      return [
        'orphan_child',
        `its parent permission ${permission.parentId ?? '(none)'} is not in the site or was left out`,
      ];
    // Checked before mapping the parent, so the parents mapped first are at most the bound deep.
    const depth = this.#depthOf(permission);
    if (typeof depth !== 'number') return depth;
    this.#map(parent);
    return (
      this.#mapped.get(parent.id!) ?? [
        'orphan_child',
        `its parent permission "${parent.name ?? parent.id}" was left out`,
      ]
    );
  }

  /** The roles a permission works for: its own for a root, its chain's for a child (the engine's rule). */
  #rolesOf(permission: PermissionRecord, parent: MappedParent | undefined): string[] {
    const { roleNames, report } = this.context;
    const own = [
      ...new Set(permission.roleIds.flatMap((id) => (roleNames.has(id) ? [roleNames.get(id)!] : []))),
    ];
    if (parent === undefined) {
      if (own.length < new Set(permission.roleIds).size)
        report.note(
          entryOf(permission),
          'some of its web role ids name no mapped web role; those links are dropped',
        );
      return own;
    }
    if (permission.roleIds.length > 0 && own.join('\n') !== parent.roles.join('\n'))
      report.note(
        entryOf(permission),
        `a child permission works for its chain's roles (${parent.roles.join(', ')}), not its own`,
      );
    return [...parent.roles];
  }

  #map(permission: PermissionRecord): void {
    const id = permission.id!;
    if (this.#mapped.has(id) || this.#failed.has(id)) return;
    const failure = this.#tryMap(permission);
    if (failure === undefined) return;
    this.#failed.add(id);
    this.context.report.skip(entryOf(permission), failure[0], failure[1]);
  }

  #tryMap(permission: PermissionRecord): Failure | undefined {
    const parent = permission.scope === 'parent' ? this.#parentOf(permission) : undefined;
    if (Array.isArray(parent)) return parent as Failure;
    const mappedParent = parent as MappedParent | undefined;
    const roles = this.#rolesOf(permission, mappedParent);
    if (roles.length === 0) return ['no_roles', 'no web role holds it (or its chain), so it grants nothing'];
    const name = permission.name!;
    if (this.#names.has(name))
      return [
        'duplicate_name',
        `another permission is already called "${name}"; rename one (permissions are keyed by name)`,
      ];
    const table = permission.table!;
    const placed = placeRelationship(this.tables, permission, mappedParent?.table, this.context);
    if (placed !== undefined && 'problem' in placed) {
      this.unresolved.push(`table permission "${name}" (${permission.record.file}): ${placed.problem}`);
      return ['unresolved_relationship', placed.problem];
    }
    this.tables[table] ??= { key: dataverseKeyOf(table) };
    this.#names.add(name);
    this.#mapped.set(permission.id!, { name, table, roles });
    this.tablePermissions.push({
      name,
      table,
      scope: permission.scope!,
      privileges: permission.privileges,
      webRoles: roles,
      ...(mappedParent === undefined ? {} : { parent: mappedParent.name }),
      ...(placed?.relationship === undefined ? {} : { relationship: placed.relationship }),
    });
    this.context.report.map(entryOf(permission));
    return undefined;
  }
}

/**
 * Maps table permissions: each chain in order from its root, a child taking its chain's roles; a permission
 * whose relationship no source resolves is left out with its children and reported (never guessed).
 */
export function mapTablePermissions(
  records: readonly SiteRecord[],
  context: PermissionContext,
): MappedPermissions {
  const ids = new Set<string>();
  const sharedIds = new Set<string>();
  const candidates: PermissionRecord[] = [];
  for (const record of records) {
    const permission = readPermissionRecord(record);
    const problem = ownProblem(permission, context);
    if (problem !== undefined) context.report.skip(entryOf(permission), ...problem);
    else if (ids.has(permission.id!)) {
      sharedIds.add(permission.id!);
      context.report.skip(
        entryOf(permission),
        'duplicate_id',
        `another permission already has id ${permission.id}`,
      );
    } else {
      ids.add(permission.id!);
      candidates.push(permission);
    }
  }
  const mapper = new PermissionMapper(candidates, context, sharedIds);
  mapper.run();
  return { tables: mapper.tables, tablePermissions: mapper.tablePermissions, unresolved: mapper.unresolved };
}
