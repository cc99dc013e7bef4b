import type { PolicyInput } from '../policy/schema.js';
import type { ReportBuilder } from './import-report.js';
import type { RelationshipCatalog } from './relationships.js';
import { dataverseKeyOf } from './standard-relationships.js';
import type { PermissionRecord } from './table-permission-record.js';

type TableDeclaration = PolicyInput['tables'][string];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Table declarations while permissions are mapped (null-prototype record, own keys only). */
export type Tables = Record<string, Mutable<TableDeclaration>>;

/** Where a permission's relationship went: nowhere (the table's default holds it) or its own `relationship`. */
export type Placement = { readonly relationship?: string } | { readonly problem: string };

/** Sets a table's default field for a slot, or returns the column as the permission's own relationship. */
function placeColumn(
  declared: Mutable<TableDeclaration>,
  slot: 'contact' | 'account',
  column: string,
): string | undefined {
  declared[slot] ??= column;
  return declared[slot] === column ? undefined : column;
}

function placeParent(
  declared: Mutable<TableDeclaration>,
  parentTable: string,
  column: string,
): string | undefined {
  const parents: Record<string, string> = { ...declared.parent };
  if (!Object.hasOwn(parents, parentTable)) parents[parentTable] = column;
  declared.parent = parents;
  return parents[parentTable] === column ? undefined : column;
}

/**
 * Resolves a permission's relationship and records it on its table (the first column a table's scope uses
 * becomes the table's default; another is the permission's own `relationship`). `undefined` for scopes that
 * compare no relationship.
 */
export function placeRelationship(
  tables: Tables,
  permission: PermissionRecord,
  parentTable: string | undefined,
  context: {
    readonly catalog: RelationshipCatalog;
    readonly contactTable: string;
    readonly report: ReportBuilder;
  },
): Placement | undefined {
  const scope = permission.scope;
  if (scope !== 'contact' && scope !== 'account' && scope !== 'parent') return undefined;
  const table = permission.table!;
  const name = permission.relationship;
  if (name === undefined)
    return { problem: `scope ${scope} needs a ${scope}relationship, and the permission names none` };
  const resolution = context.catalog.resolve(name, {
    table,
    target: scope,
    contactTable: context.contactTable,
    ...(parentTable === undefined ? {} : { parentTable }),
  });
  if ('problem' in resolution) return resolution;
  tables[table] ??= { key: dataverseKeyOf(table) };
  const declared = tables[table];
  if ('manyToMany' in resolution) {
    const { intersect, recordColumn, relatedColumn, field } = resolution.manyToMany;
    const link = name.toLowerCase();
    const links = scope === 'contact' ? 'contact' : 'account';
    declared.manyToMany = {
      ...declared.manyToMany,
      [link]: { links, field, intersect, recordColumn, relatedColumn },
    };
    context.report.resolved({ name, table, column: field, origin: resolution.origin });
    return { relationship: link };
  }
  context.report.resolved({ name, table, column: resolution.column, origin: resolution.origin });
  const own =
    scope === 'parent'
      ? placeParent(declared, parentTable!, resolution.column)
      : placeColumn(declared, scope, resolution.column);
  return own === undefined ? {} : { relationship: own };
}
