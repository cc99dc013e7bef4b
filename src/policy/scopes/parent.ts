import { parent } from '../../base/condition.js';
import { manyToManyParentProblem } from '../many-to-many.js';
import type { ScopeDefinition } from './scope.js';

/** Parent scope: rows related, through the child's relationship field, to a row the parent permission covers (D5). */
export const parentScope: ScopeDefinition = {
  missing: ({ parent: parentMissing }) => {
    const found = parentMissing?.();
    return found?.missing === undefined
      ? undefined
      : `${found.missing}, for the parent permission "${found.name}"`;
  },
  relationship: ({ table, permission, parentTable }) => {
    if (permission.parent === undefined) {
      return {
        problem: `table permission "${permission.name}" uses scope "parent" but names no parent permission; set "parent" to the name of the parent table permission`,
      };
    }
    if (parentTable === undefined) return {};
    const manyToMany = manyToManyParentProblem(table, permission);
    if (manyToMany !== undefined) return { problem: manyToMany };
    const field = permission.relationship ?? table.parent?.[parentTable.name];
    return field
      ? { field }
      : {
          problem: `table permission "${permission.name}" has a parent on table "${parentTable.name}" but table "${table.name}" declares no relationship to it; add tables.${table.name}.parent.${parentTable.name}, or set "relationship" on the permission`,
        };
  },
  coverage: ({ permission, parent: parentCoverage }) => {
    const resolved = parentCoverage?.();
    if (resolved === undefined || resolved.coverage === null || permission.field === undefined) return null;
    const { table, coverage } = resolved;
    // A global parent still requires the child to reference an existing parent row (D15).
    return parent(permission.field, table.name, table.key, coverage === true ? undefined : coverage);
  },
};
