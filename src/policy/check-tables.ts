import type { Issue, JsonPath } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { checkManyToMany, manyToManyNamed } from './many-to-many.js';
import type { TableDefinition } from './table.js';

const RELATIONSHIP_KEYS = [
  'key',
  'contact',
  'account',
  'legalEntity',
  'owner',
  'businessUnit',
  'shares',
] as const;

/**
 * In memory a parent row is embedded in the child record under the parent table's name (D15), so a field
 * of the child named like one of its parent tables would be read as both the id and the row: the check
 * then never matches while SQL, reading the column, lists the rows. Refused for every field the table uses.
 */
function shadowedParents(table: TableDefinition): Issue[] {
  const parents = new Set(Object.keys(table.parent ?? {}));
  if (parents.size === 0) return [];
  const used: [JsonPath, string][] = [
    ...Object.entries(table.parent ?? {}).map(([parentName, field]): [JsonPath, string] => [
      ['tables', table.name, 'parent', parentName],
      field,
    ]),
    ...RELATIONSHIP_KEYS.flatMap((key): [JsonPath, string][] => {
      const field = key === 'key' ? table.key : table[key];
      return field === undefined ? [] : [[['tables', table.name, key], field]];
    }),
  ];
  return used
    .filter(([, field]) => parents.has(field))
    .map(([path, field]) => ({
      code: 'field_shadows_parent_table',
      path,
      message: shadowMessage(table.name, field),
    }));
}

/** The message for a field of `table` named like its parent table `field`; shared with permission checks. */
export function shadowMessage(table: string, field: string): string {
  return `field "${field}" of table "${table}" is named like its parent table "${field}", where a record carries the related parent row; rename the relationship field (e.g. "${field}Id")`;
}

/** Cross-checks of table declarations: parent tables exist and declared fields cover every relationship. */
export function checkTables(tables: ReadonlyMap<string, TableDefinition>): Issue[] {
  const issues: Issue[] = [];
  const tableNames = [...tables.keys()];
  for (const table of tables.values()) {
    for (const [parentName, field] of Object.entries(table.parent ?? {})) {
      if (!tables.has(parentName)) {
        issues.push({
          code: 'unknown_table',
          path: ['tables', table.name, 'parent', parentName],
          message: `parent table "${parentName}" is not declared under "tables" (${didYouMean(parentName, tableNames)})`,
        });
      }
      if (table.fields && !table.fields.includes(field)) {
        issues.push({
          code: 'unknown_field',
          path: ['tables', table.name, 'parent', parentName],
          message: `field "${field}" is not among tables.${table.name}.fields; add it there or fix the name`,
        });
      }
    }
    issues.push(...shadowedParents(table));
    issues.push(...checkManyToMany(table));
    if (!table.fields) continue;
    for (const key of RELATIONSHIP_KEYS) {
      const field = key === 'key' ? table.key : table[key];
      // `contact` or `account` may name a many-to-many relationship, whose list field is checked on its own.
      if (field !== undefined && !table.fields.includes(field) && !manyToManyNamed(table, field)) {
        issues.push({
          code: 'unknown_field',
          path: ['tables', table.name, key],
          message: `field "${field}" is not among tables.${table.name}.fields; add it there or fix the name (${didYouMean(field, table.fields)})`,
        });
      }
    }
  }
  return issues;
}
