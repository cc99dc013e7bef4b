import { COLUMN_ACTIONS, type ColumnAction } from '../base/column-access.js';
import { identifierSchema, nameSchema } from '../base/names.js';
import type { ColumnPermissionInput } from '../policy/column-permission.js';
import { actionsOf, hasNestedRecords } from './column-permission-record.js';
import { ImportError } from './import-error.js';
import type { ReportBuilder, ReportedRecord } from './import-report.js';
import { idOf, idsOf, isInactive, type SiteRecord, textOf } from './site-record.js';

/** The column permissions of a site and the tables they restrict. */
export interface MappedColumnPermissions {
  readonly columnPermissions: ColumnPermissionInput[];
  /** Tables a mapped profile restricts: the policy must declare them. */
  readonly tables: ReadonlySet<string>;
}

/** A profile while its column permissions are gathered. */
interface Profile {
  readonly entry: ReportedRecord;
  readonly name: string;
  readonly table: string;
  readonly webRoles: string[];
  readonly allColumns: ColumnAction[];
  readonly columns: Map<string, ColumnAction[]>;
}

/** A logical name the policy accepts as a table or column (the same check its schema makes). */
const isLogicalName = (value: string | undefined): value is string =>
  value !== undefined && identifierSchema.safeParse(value).success;

/** Refuses a profile the import cannot place: leaving it out would open the columns it restricts. */
function refuse(record: SiteRecord, problem: string): never {
  throw new ImportError(
    'import_unsupported_record',
    `${record.file}: a column permission profile ${problem}, so the columns it restricts are unknown; fix or remove it in the source`,
    { path: [record.file] },
  );
}

/** Reads one active profile; `undefined` when it applies to no mapped role (the engine applies it to no one). */
function readProfile(
  record: SiteRecord,
  roleNames: ReadonlyMap<string, string>,
  ambiguousIds: ReadonlySet<string>,
  report: ReportBuilder,
): { id: string; profile: Profile } | undefined {
  const id = idOf(record, 'id') ?? idOf(record, 'columnpermissionprofileid');
  const written = textOf(record, 'profilename') ?? textOf(record, 'name');
  const table = (textOf(record, 'tablename') ?? textOf(record, 'entitylogicalname'))?.toLowerCase();
  if (id === undefined) refuse(record, 'has no id (its column permissions name it by id)');
  if (table === undefined) refuse(record, 'names no table (tablename)');
  if (!isLogicalName(table)) refuse(record, `names the table "${table}", which is not a logical name`);
  if (hasNestedRecords(record)) refuse(record, 'holds nested records, a form the import does not read');
  const entry = { kind: 'columnPermissionProfile' as const, name: written ?? id, file: record.file };
  const roleIds = idsOf(record, 'columnpermissionprofile_webrole');
  // Dropping the link would leave the profile restricting no one, opening the columns for that role's holders.
  const shared = roleIds.find((role) => ambiguousIds.has(role));
  if (shared !== undefined) refuse(record, `links to web role id ${shared}, which two web roles have`);
  const webRoles = [
    ...new Set(roleIds.flatMap((role) => (roleNames.has(role) ? [roleNames.get(role)!] : []))),
  ];
  if (webRoles.length === 0) {
    report.skip(entry, 'no_roles', 'it is linked to no mapped web role, so it restricts no one');
    return undefined;
  }
  if (webRoles.length < new Set(roleIds).size)
    report.note(entry, 'some of its web role ids name no mapped web role; those links are dropped');
  const all = actionsOf(record, 'allcolumnpermissions');
  if (all.unknown.length > 0)
    report.note(
      entry,
      `allcolumnpermissions values ${all.unknown.join(', ')} are not column actions; they grant nothing`,
    );
  // The engine leaves a column a profile does not list open when All Column Permissions is empty (D36).
  const allColumns = all.empty ? [...COLUMN_ACTIONS] : all.actions;
  if (all.empty)
    report.note(entry, 'All Column Permissions is empty: the columns it does not list keep their row access');
  const name = written !== undefined && nameSchema.safeParse(written).success ? written : id;
  return { id, profile: { entry, name, table, webRoles, allColumns, columns: new Map() } };
}

/** Adds one column permission to its profile; several for one column keep only the actions all of them give. */
function addColumn(record: SiteRecord, profiles: ReadonlyMap<string, Profile>, report: ReportBuilder): void {
  const column = textOf(record, 'columnname')?.toLowerCase();
  const entry = {
    kind: 'columnPermission' as const,
    name: column ?? idOf(record, 'id') ?? '(unnamed)',
    file: record.file,
  };
  const profileId = idOf(record, 'columnpermissionprofileid');
  const profile = profileId === undefined ? undefined : profiles.get(profileId);
  if (isInactive(record)) {
    report.skip(entry, 'inactive', 'the column permission is inactive (statecode 1); the engine ignores it');
    return;
  }
  if (profile === undefined) {
    report.skip(
      entry,
      'orphan_child',
      `its profile ${profileId ?? '(none)'} is not in the site or applies to no one`,
    );
    return;
  }
  if (!isLogicalName(column)) {
    report.skip(entry, 'invalid_value', 'columnname is missing or not a logical name, so it names no column');
    return;
  }
  const read = actionsOf(record, 'permissions');
  if (read.unknown.length > 0)
    report.note(
      entry,
      `permissions values ${read.unknown.join(', ')} are not column actions; they grant nothing`,
    );
  const before = profile.columns.get(column);
  if (before !== undefined)
    report.note(entry, `"${profile.name}" lists ${column} twice; it keeps only the actions both give`);
  profile.columns.set(
    column,
    before === undefined ? read.actions : read.actions.filter((action) => before.includes(action)),
  );
  report.map({ ...entry, name: `${profile.name}: ${column}` });
}

/**
 * Maps column permission profiles and their column permissions onto `columnPermissions`: each profile keeps
 * its table, web roles, All Column Permissions and per-column actions. What cannot be placed fails the
 * import rather than open a column (D36).
 */
export function mapColumnPermissions(
  profileRecords: readonly SiteRecord[],
  columnRecords: readonly SiteRecord[],
  roleNames: ReadonlyMap<string, string>,
  report: ReportBuilder,
  ambiguousIds: ReadonlySet<string> = new Set(),
): MappedColumnPermissions {
  const profiles = new Map<string, Profile>();
  const names = new Set<string>();
  for (const record of profileRecords) {
    if (isInactive(record)) {
      const name = textOf(record, 'profilename') ?? textOf(record, 'name') ?? record.file;
      report.skip(
        { kind: 'columnPermissionProfile', name, file: record.file },
        'inactive',
        'the profile is inactive (statecode 1); the engine ignores it',
      );
      continue;
    }
    const read = readProfile(record, roleNames, ambiguousIds, report);
    if (read === undefined) continue;
    if (profiles.has(read.id)) refuse(record, `shares its id ${read.id} with another profile`);
    const { profile } = read;
    const name = names.has(profile.name) ? `${profile.name} [${read.id}]` : profile.name;
    if (name !== profile.name)
      report.note(
        profile.entry,
        `another column permission profile is already called "${profile.name}"; this one is named "${name}"`,
      );
    names.add(name);
    profiles.set(read.id, { ...profile, name });
  }
  for (const record of columnRecords) addColumn(record, profiles, report);
  const columnPermissions: ColumnPermissionInput[] = [];
  const restricted = new Map<string, string[]>();
  for (const profile of profiles.values()) {
    const columns = [...profile.columns].sort(([a], [b]) => (a < b ? -1 : 1));
    columnPermissions.push({
      name: profile.name,
      table: profile.table,
      webRoles: profile.webRoles,
      allColumns: profile.allColumns,
      ...(columns.length === 0 ? {} : { columns: Object.fromEntries(columns) }),
    });
    restricted.set(profile.table, [...(restricted.get(profile.table) ?? []), ...profile.webRoles]);
    report.map(profile.entry);
  }
  for (const [table, roles] of restricted) {
    report.note(
      { kind: 'columnPermissionProfile', name: table, file: '(site)' },
      `contacts holding none of ${[...new Set(roles)].join(', ')} get no column of "${table}" (the engine would give them every column): link a profile to their roles to open columns to them`,
    );
  }
  return { columnPermissions, tables: new Set(restricted.keys()) };
}
