import { IDENTIFIER_PATTERN } from '../base/names.js';
import type { Scope, TablePermissionPrivilege } from '../base/privilege.js';
import { flagOf, idOf, idsOf, optionOf, type SiteRecord, textOf } from './site-record.js';

/** Table permission scopes by option value (the `scope` choice of the table permission table). */
export const SCOPE_OPTIONS: Readonly<Record<number, Scope>> = {
  756150000: 'global',
  756150001: 'contact',
  756150002: 'account',
  756150003: 'parent',
  756150004: 'self',
};

/** The six privilege columns of a table permission and the privilege each grants. */
export const PRIVILEGE_COLUMNS: readonly (readonly [string, TablePermissionPrivilege])[] = [
  ['read', 'read'],
  ['write', 'write'],
  ['create', 'create'],
  ['delete', 'delete'],
  ['append', 'append'],
  ['appendto', 'appendTo'],
];

/** The relationship column each scope reads. */
export const RELATIONSHIP_COLUMNS: Partial<Record<Scope, string>> = {
  contact: 'contactrelationship',
  account: 'accountrelationship',
  parent: 'parentrelationship',
};

/** A table permission record, read into plain values (nothing resolved yet). */
export interface PermissionRecord {
  readonly record: SiteRecord;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly table: string | undefined;
  readonly scopeOption: number | undefined;
  readonly scope: Scope | undefined;
  readonly privileges: TablePermissionPrivilege[];
  readonly roleIds: string[];
  readonly parentId: string | undefined;
  readonly relationship: string | undefined;
}

/** Reads a table permission record of either data model or a solution component. */
export function readPermissionRecord(record: SiteRecord): PermissionRecord {
  const scopeOption = optionOf(record, 'scope');
  const scope =
    scopeOption !== undefined && Object.hasOwn(SCOPE_OPTIONS, scopeOption)
      ? SCOPE_OPTIONS[scopeOption]
      : undefined;
  const table = textOf(record, 'entitylogicalname')?.toLowerCase();
  const relationshipColumn = scope === undefined ? undefined : RELATIONSHIP_COLUMNS[scope];
  return {
    record,
    id: idOf(record, 'id') ?? idOf(record, 'entitypermissionid'),
    name: textOf(record, 'entityname') ?? textOf(record, 'name'),
    table: table !== undefined && IDENTIFIER_PATTERN.test(table) ? table : undefined,
    scopeOption,
    scope,
    // Each privilege is its own column: write without read stays write (the engine reads them one by one).
    privileges: PRIVILEGE_COLUMNS.flatMap(([column, privilege]) =>
      flagOf(record, column) ? [privilege] : [],
    ),
    roleIds: idsOf(record, 'entitypermission_webrole'),
    parentId: idOf(record, 'parententitypermission'),
    relationship: relationshipColumn === undefined ? undefined : textOf(record, relationshipColumn),
  };
}
