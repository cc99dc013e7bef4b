import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';
import { shadowMessage } from './check-tables.js';
import { unknownRelationshipIssue } from './many-to-many.js';
import { scopes } from './scopes/index.js';
import { withinIssue } from './scopes/within.js';
import type { TableDefinition } from './table.js';
import type { TablePermission, TablePermissionInput } from './table-permission.js';
import type { WebRole } from './web-role.js';

type ParsedPermission = Omit<
  Required<Pick<TablePermissionInput, 'name' | 'table' | 'scope' | 'privileges'>>,
  never
> &
  Omit<TablePermissionInput, 'name' | 'table' | 'scope' | 'privileges'>;

interface Resolution {
  readonly permissions: TablePermission[];
  readonly issues: Issue[];
  readonly warnings: Issue[];
}

const at = (index: number, ...rest: (string | number)[]) => ['tablePermissions', index, ...rest];

/** Walks parent links; reports a cycle or a chain deeper than the bound instead of recursing forever. */
function chainProblem(
  start: ParsedPermission,
  byName: ReadonlyMap<string, ParsedPermission>,
): string | undefined {
  const seen = [start.name];
  let current = start;
  while (current.parent !== undefined) {
    const parent = byName.get(current.parent);
    if (!parent) return undefined;
    if (seen.includes(parent.name)) {
      return `parent chain ${[...seen, parent.name].map((name) => `"${name}"`).join(' → ')} is a cycle; a permission cannot be its own ancestor`;
    }
    seen.push(parent.name);
    if (seen.length > MAX_PARENT_DEPTH) {
      return `parent chain of "${start.name}" is deeper than ${MAX_PARENT_DEPTH} permissions; flatten it`;
    }
    current = parent;
  }
  return undefined;
}

/**
 * The web roles a permission applies for: its own list, or, for a child (scope `parent`) that lists none,
 * its chain's, as in the engine where a child applies exactly when its top-level ancestor does. A listed
 * child keeps its own list (D5 checks it against the parent's). A cycle or an unknown parent gives none.
 */
function rolesOfChain(start: ParsedPermission, byName: ReadonlyMap<string, ParsedPermission>): string[] {
  const seen = new Set<string>();
  let current: ParsedPermission | undefined = start;
  while (current !== undefined && !seen.has(current.name)) {
    const roles = current.webRoles ?? [];
    if (roles.length > 0 || current.scope !== 'parent' || current.parent === undefined) return [...roles];
    seen.add(current.name);
    current = byName.get(current.parent);
  }
  return [];
}

/** Validates table permissions against tables and web roles and resolves each one's relationship field. */
export function resolveTablePermissions(
  inputs: readonly ParsedPermission[],
  tables: ReadonlyMap<string, TableDefinition>,
  webRoles: readonly WebRole[],
  contactTable: string,
): Resolution {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const roleNames = new Set(webRoles.map((role) => role.name));
  const byName = new Map<string, ParsedPermission>();
  inputs.forEach((input, index) => {
    if (byName.has(input.name)) {
      issues.push({
        code: 'duplicate_table_permission',
        path: at(index, 'name'),
        message: `table permission "${input.name}" is defined twice; give each table permission a unique name`,
      });
    } else byName.set(input.name, input);
  });

  // Arrays built once, so each distinct unknown name costs one hint search (see didYouMean).
  const tableNames = [...tables.keys()];
  const permissionNames = [...byName.keys()];
  const resolved = inputs.map((input, index): Omit<TablePermission, 'effective'> => {
    const table = tables.get(input.table);
    if (!table) {
      issues.push({
        code: 'unknown_table',
        path: at(index, 'table'),
        message: `table "${input.table}" is not declared under "tables"; declare it or fix the name (${didYouMean(input.table, tableNames)})`,
      });
    }
    (input.webRoles ?? []).forEach((role, roleIndex) => {
      if (!roleNames.has(role)) {
        issues.push({
          code: 'unknown_web_role',
          path: at(index, 'webRoles', roleIndex),
          message: `web role "${role}" is not defined under "webRoles"; define it or fix the name (${didYouMean(role, roleNames)})`,
        });
      }
    });
    const parent = input.parent === undefined ? undefined : byName.get(input.parent);
    if (input.parent !== undefined && input.scope !== 'parent') {
      issues.push({
        code: 'unexpected_parent',
        path: at(index, 'parent'),
        message: `table permission "${input.name}" names a parent but its scope is "${input.scope}"; use scope "parent" or remove "parent"`,
      });
    }
    if (input.parent !== undefined && !parent) {
      issues.push({
        code: 'unknown_parent',
        path: at(index, 'parent'),
        message: `parent table permission "${input.parent}" does not exist (${didYouMean(input.parent, permissionNames)})`,
      });
    }
    const cycle = chainProblem(input, byName);
    if (cycle) issues.push({ code: 'invalid_parent_chain', path: at(index, 'parent'), message: cycle });
    const webRoles = [...new Set(rolesOfChain(input, byName))];
    if (parent && input.scope === 'parent') {
      const parentRoles = new Set(rolesOfChain(parent, byName));
      (input.webRoles ?? []).forEach((role, roleIndex) => {
        if (!parentRoles.has(role)) {
          issues.push({
            code: 'role_missing_on_parent',
            path: at(index, 'webRoles', roleIndex),
            message: `web role "${role}" is not on the parent permission "${parent.name}"; add it there, remove it here, or list no web role so the child takes its chain's roles (a child permission only works for roles its parent has)`,
          });
        }
      });
    }
    let field: string | undefined;
    let manyToMany: string | undefined;
    if (table) {
      const result = scopes[input.scope].relationship({
        table,
        permission: input,
        parentTable: parent ? tables.get(parent.table) : undefined,
        contactTable,
      });
      if (result.problem !== undefined)
        issues.push({ code: 'missing_relationship', path: at(index, 'scope'), message: result.problem });
      else {
        field = result.field;
        manyToMany = result.manyToMany;
      }
      const unknownRelationship = unknownRelationshipIssue(
        table,
        input.relationship,
        at(index, 'relationship'),
      );
      if (unknownRelationship && manyToMany === undefined) issues.push(unknownRelationship);
      // A scope that compares no field would silently ignore the override: say so instead.
      const parentResolved = input.parent === undefined || parent !== undefined;
      if (
        input.relationship !== undefined &&
        result.problem === undefined &&
        field === undefined &&
        parentResolved
      ) {
        issues.push({
          code: 'unexpected_relationship',
          path: at(index, 'relationship'),
          message: `table permission "${input.name}" sets "relationship" but scope "${input.scope}" compares no relationship field; remove "relationship" or use a scope that needs one (contact, account or parent)`,
        });
      }
      if (input.relationship !== undefined && parent && field === parent.table) {
        issues.push({
          code: 'field_shadows_parent_table',
          path: at(index, 'relationship'),
          message: shadowMessage(table.name, field),
        });
      }
      const unbounded = withinIssue(table, input, at(index, 'within'));
      if (unbounded) issues.push(unbounded);
      if (field !== undefined && table.fields && !table.fields.includes(field)) {
        issues.push({
          code: 'unknown_field',
          path: at(index, input.relationship === undefined ? 'scope' : 'relationship'),
          message: `field "${field}" is not among tables.${table.name}.fields; add it there or fix the name (${didYouMean(field, table.fields)})`,
        });
      }
    }
    if (input.active === false) {
      warnings.push({
        code: 'inactive_permission',
        path: at(index, 'active'),
        message: `table permission "${input.name}" is inactive and grants nothing`,
      });
    }
    if (webRoles.length === 0) {
      warnings.push({
        code: 'permission_without_role',
        path: at(index, 'webRoles'),
        message:
          input.scope === 'parent'
            ? `table permission "${input.name}" has no web role and neither has its chain's top permission, so it grants nothing; add a web role to the top permission`
            : `table permission "${input.name}" has no web role and grants nothing; add a web role`,
      });
    }
    return {
      name: input.name,
      table: input.table,
      scope: input.scope,
      privileges: [...new Set(input.privileges)],
      webRoles,
      ...(input.parent === undefined ? {} : { parent: input.parent }),
      ...(input.relationship === undefined ? {} : { relationship: input.relationship }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(field === undefined ? {} : { field }),
      ...(manyToMany === undefined ? {} : { manyToMany }),
      ...(input.within === undefined ? {} : { within: input.within }),
      active: input.active !== false,
      index,
    };
  });

  if (issues.length > 0) return { permissions: [], issues, warnings };
  const resolvedByName = new Map(resolved.map((permission) => [permission.name, permission]));
  const isEffective = (permission: Omit<TablePermission, 'effective'>): boolean =>
    permission.active &&
    permission.webRoles.length > 0 &&
    (permission.parent === undefined || isEffective(resolvedByName.get(permission.parent)!));
  return {
    permissions: resolved.map((permission) => ({ ...permission, effective: isEffective(permission) })),
    issues,
    warnings,
  };
}
