import { stringify } from 'yaml';
import { definePolicy } from '../policy/define-policy.js';
import type { PolicyInput } from '../policy/schema.js';
import { COLUMN_ACTION_VALUES } from './column-permission-record.js';
import { ImportError } from './import-error.js';
import type { RelationshipMap } from './relationships.js';
import { STANDARD_RELATIONSHIPS } from './standard-relationships.js';
import { PRIVILEGE_COLUMNS, SCOPE_OPTIONS } from './table-permission-record.js';

/** The files of an enhanced-model site download, and the relationship map that imports them back. */
export interface ExportedSite {
  /** File texts by path, under `.powerpages-site/`, ready for `pac pages upload`. */
  readonly files: Record<string, string>;
  /**
   * Every relationship the permissions name, mapped to its column: pass it as `options.relationships` when
   * importing the files again. Names come from `options.relationships`, the standard table, or are made up
   * as `<table>_<column>` (create that relationship in Dataverse before uploading).
   */
  readonly relationships: Record<
    string,
    | { table: string; column: string }
    | { table: string; intersect: string; recordColumn: string; relatedColumn: string; field: string }
  >;
  /**
   * What the files cannot carry (security roles, business units, table fields beyond relationships…), and
   * where the site would give more than the policy (columns of a restricted table to contacts holding none of
   * its profiles).
   */
  readonly notCarried: readonly string[];
}

/** Options of `exportPowerPagesSite`. */
export interface ExportSiteOptions {
  /** Relationship names to reuse for columns, as given to the import. */
  readonly relationships?: RelationshipMap;
}

const ROOT = '.powerpages-site';

/** A stable GUID-shaped id for a record, from its kind and name, so exports of one policy are identical. */
function stableId(kind: string, name: string): string {
  let hex = '';
  for (let seed = 0; seed < 4; seed++) {
    let hash = 0x811c9dc5 ^ seed;
    for (const char of `${kind}\u0000${name}`)
      hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A file name stem: a position (so files sort in policy order) and a readable slug of the name. */
function stem(index: number, name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'record';
  return `${String(index).padStart(5, '0')}-${slug}`;
}

/** YAML with sorted keys, as pac writes it. */
function yamlOf(fields: Record<string, unknown>): string {
  const sorted = Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return stringify(sorted);
}

const SCOPE_VALUES = Object.fromEntries(
  Object.entries(SCOPE_OPTIONS).map(([value, scope]) => [scope, Number(value)]),
);
const RELATIONSHIP_FIELDS: Readonly<Record<string, string>> = {
  contact: 'contactrelationship',
  account: 'accountrelationship',
  parent: 'parentrelationship',
};

/** A relationship name for a lookup column: one the caller mapped, a standard one, or `<table>_<column>`. */
function lookupName(table: string, column: string, references: string, known: RelationshipMap): string {
  for (const [name, entry] of Object.entries(known))
    if (!('intersect' in entry) && entry.table === table && entry.column === column) return name;
  for (const [name, entry] of Object.entries(STANDARD_RELATIONSHIPS))
    if (entry.table === table && entry.column === column && entry.references === references) return name;
  return `${table}_${column}`;
}

/**
 * Column permission profiles and their column permissions. A profile that gives nothing on the columns it
 * does not list is refused: the engine reads an empty All Column Permissions as leaving them open.
 */
function columnPermissionFiles(
  input: PolicyInput,
  roleId: (name: string) => string,
  files: Record<string, string>,
): void {
  (input.columnPermissions ?? []).forEach((profile, index) => {
    if ((profile.allColumns ?? []).length === 0) {
      throw new ImportError(
        'import_unsupported_record',
        `columnPermissions.${index} ("${profile.name}") gives no action on the columns it does not list, which a Power Pages profile cannot say (an empty All Column Permissions leaves them open); give it allColumns, or close the table's columns with tables.${profile.table}.fields`,
        { path: ['columnPermissions', index, 'allColumns'] },
      );
    }
    const id = stableId('columnpermissionprofile', profile.name);
    const folder = `${ROOT}/column-permission-profiles/${stem(index, profile.name)}`;
    files[`${folder}/${stem(index, profile.name)}.columnpermissionprofile.yml`] = yamlOf({
      id,
      profilename: profile.name,
      tablename: profile.table,
      allcolumnpermissions: (profile.allColumns ?? []).map((action) => COLUMN_ACTION_VALUES[action]),
      adx_columnpermissionprofile_webrole: (profile.webRoles ?? []).map(roleId),
    });
    Object.entries(profile.columns ?? {}).forEach(([column, actions], position) => {
      files[`${folder}/${stem(position, column)}.columnpermission.yml`] = yamlOf({
        id: stableId('columnpermission', `${profile.name}\u0000${column}`),
        columnname: column,
        permissions: actions.map((action) => COLUMN_ACTION_VALUES[action]),
        columnpermissionprofileid: id,
      });
    });
  });
}

/** What a site gives contacts that the policy does not: the columns of a restricted table, to non-holders. */
function columnWarnings(input: PolicyInput): string[] {
  const tables = [...new Set((input.columnPermissions ?? []).map((profile) => profile.table))];
  return tables.map(
    (table) =>
      `columnPermissions on "${table}": on the site, contacts holding none of its profiles' web roles get every column (the policy gives them none); link a profile to the Authenticated Users role`,
  );
}

/**
 * The files of an enhanced-model site download for a policy's web roles, table permissions, column
 * permissions, pages and page rules, so that a policy edited here can go back with `pac pages upload`. Importing them with the returned
 * `relationships` gives the policy back.
 */
export function exportPowerPagesSite(input: PolicyInput, options: ExportSiteOptions = {}): ExportedSite {
  definePolicy(input);
  const files: Record<string, string> = {};
  const relationships: ExportedSite['relationships'] = {};
  const known = options.relationships ?? {};
  const roleId = (name: string) => stableId('webrole', name);
  (input.webRoles ?? []).forEach((role, index) => {
    files[`${ROOT}/web-roles/${stem(index, role.name)}.webrole.yml`] = yamlOf({
      id: roleId(role.name),
      name: role.name,
      description: role.description,
      anonymoususersrole: role.anonymousUsers === true,
      authenticatedusersrole: role.authenticatedUsers === true,
    });
  });
  const permissions = input.tablePermissions ?? [];
  const tableOf = new Map(permissions.map((permission) => [permission.name, permission.table]));
  permissions.forEach((permission, index) => {
    const table = input.tables[permission.table]!;
    const parentTable = permission.parent === undefined ? undefined : tableOf.get(permission.parent);
    const field =
      permission.scope === 'contact'
        ? (permission.relationship ?? table.contact)
        : permission.scope === 'account'
          ? (permission.relationship ?? table.account)
          : permission.scope === 'parent' && parentTable !== undefined
            ? (permission.relationship ?? table.parent?.[parentTable])
            : undefined;
    let relationship: string | undefined;
    const link = field === undefined ? undefined : table.manyToMany?.[field];
    if (field !== undefined && link !== undefined) {
      relationship = field;
      relationships[field] = {
        table: permission.table,
        intersect: link.intersect,
        recordColumn: link.recordColumn,
        relatedColumn: link.relatedColumn,
        field: link.field,
      };
    } else if (field !== undefined) {
      const references = permission.scope === 'parent' ? parentTable! : permission.scope;
      relationship = lookupName(permission.table, field, references, known);
      relationships[relationship] = { table: permission.table, column: field };
    }
    const privileges = new Set(permission.privileges);
    files[`${ROOT}/table-permissions/${stem(index, permission.name)}.tablepermission.yml`] = yamlOf({
      id: stableId('tablepermission', permission.name),
      entityname: permission.name,
      entitylogicalname: permission.table,
      scope: SCOPE_VALUES[permission.scope],
      ...Object.fromEntries(
        PRIVILEGE_COLUMNS.map(([column, privilege]) => [column, privileges.has(privilege)]),
      ),
      adx_entitypermission_webrole: (permission.webRoles ?? []).map(roleId),
      parententitypermission:
        permission.parent === undefined ? undefined : stableId('tablepermission', permission.parent),
      ...(relationship === undefined ? {} : { [RELATIONSHIP_FIELDS[permission.scope]!]: relationship }),
      statecode: permission.active === false ? 1 : undefined,
    });
  });
  (input.pages ?? []).forEach((page, index) => {
    const folder = page.kind === 'webFile' ? 'web-files' : `web-pages/${stem(index, page.title ?? page.id)}`;
    const name =
      page.kind === 'webFile'
        ? `${stem(index, page.title ?? page.id)}.webfile.yml`
        : `${stem(index, page.title ?? page.id)}.webpage.yml`;
    files[`${ROOT}/${folder}/${name}`] = yamlOf({
      id: page.id,
      name: page.title,
      parentpageid: page.parent,
      ...(page.kind === 'webFile' ? {} : { isroot: true }),
    });
  });
  (input.pageRules ?? []).forEach((rule, index) => {
    files[`${ROOT}/webpage-rules/${stem(index, rule.name)}.webpagerule.yml`] = yamlOf({
      id: stableId('webpagerule', rule.name),
      name: rule.name,
      right: rule.right === 'grantChange' ? 1 : 2,
      scope: rule.scope === 'excludeDirectChildFiles' ? 2 : 1,
      webpageid: rule.page,
      webpageaccesscontrolrule_webrole: rule.webRoles.map(roleId),
    });
  });
  columnPermissionFiles(input, roleId, files);
  const carried = new Set([
    '$schema',
    'tables',
    'webRoles',
    'tablePermissions',
    'columnPermissions',
    'pages',
    'pageRules',
  ]);
  const notCarried = Object.keys(input)
    .filter((key) => !carried.has(key))
    .map((key) => `${key}: Power Pages site files have no place for it`)
    .concat(columnWarnings(input));
  return { files, relationships, notCarried };
}
