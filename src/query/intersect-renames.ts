import { type JsonPath, PortalPermissionsError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { TableDefinition } from '../policy/table.js';
import type { IntersectRenames } from './many-to-many-sql.js';

const PARTS = ['intersect', 'recordColumn', 'relatedColumn'] as const;

/**
 * Checks a mapping's `manyToMany` renames of one table: each names a relationship the table declares and
 * only the three intersect names, each a plain SQL identifier. A rename that would never be read (a typo in
 * a relationship or a part) is refused with a hint, not ignored: the filter would use the old name. Names
 * are checked with `checkedIdentifier` (sql-mapping.ts, passed in so that the two files form no cycle).
 */
export function checkIntersectRenames(
  definition: TableDefinition,
  renames: IntersectRenames | undefined,
  checkedIdentifier: (name: string, path: JsonPath) => string,
): void {
  if (renames === undefined) return;
  const table = definition.name;
  const declared = Object.keys(definition.manyToMany ?? {});
  for (const [relationship, names] of Object.entries(renames)) {
    const at = ['mapping', table, 'manyToMany', relationship];
    if (!declared.includes(relationship)) {
      throw new PortalPermissionsError(
        'unknown_relationship',
        `mapping.${table}.manyToMany renames "${relationship}", which is not a many-to-many relationship of tables.${table}.manyToMany (${didYouMean(relationship, declared)}); fix the name`,
        { path: at },
      );
    }
    if (typeof names !== 'object' || names === null) {
      throw new PortalPermissionsError(
        'invalid_sql_mapping',
        `mapping.${table}.manyToMany.${relationship} must be an object of new names ({ intersect, recordColumn, relatedColumn })`,
        { path: at },
      );
    }
    for (const [part, name] of Object.entries(names)) {
      if (!(PARTS as readonly string[]).includes(part)) {
        throw new PortalPermissionsError(
          'invalid_sql_mapping',
          `mapping.${table}.manyToMany.${relationship} has no "${part}" (${didYouMean(part, PARTS)}); it renames only ${PARTS.map((known) => `"${known}"`).join(', ')}`,
          { path: [...at, part] },
        );
      }
      if (name !== undefined) checkedIdentifier(name as string, [...at, part]);
    }
  }
}
