import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
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

/** Cross-checks of table declarations: parent tables exist and declared fields cover every relationship. */
export function checkTables(tables: ReadonlyMap<string, TableDefinition>): Issue[] {
  const issues: Issue[] = [];
  for (const table of tables.values()) {
    for (const [parentName, field] of Object.entries(table.parent ?? {})) {
      if (!tables.has(parentName)) {
        issues.push({
          code: 'unknown_table',
          path: ['tables', table.name, 'parent', parentName],
          message: `parent table "${parentName}" is not declared under "tables" (${didYouMean(parentName, tables.keys())})`,
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
    if (!table.fields) continue;
    for (const key of RELATIONSHIP_KEYS) {
      const field = key === 'key' ? table.key : table[key];
      if (field !== undefined && !table.fields.includes(field)) {
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
