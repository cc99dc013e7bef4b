import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, identifierSchema, nameSchema } from '../base/names.js';
import type { TableDefinition } from './table.js';

/** Privileges a security role grants per table (Dataverse record-level privileges). */
export const SECURITY_ROLE_PRIVILEGES = [
  'create',
  'read',
  'write',
  'delete',
  'append',
  'appendTo',
  'assign',
  'share',
] as const;

/** A privilege of a security role. */
export type SecurityRolePrivilege = (typeof SECURITY_ROLE_PRIVILEGES)[number];

/** Access levels, narrowest first: none, user (basic), business unit (local), parent: child units (deep), organization (global). */
export const ACCESS_LEVELS = [
  'none',
  'user',
  'businessUnit',
  'parentChildBusinessUnits',
  'organization',
] as const;

/** How far a privilege reaches. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** `direct`: a team member uses the role's user-level privileges as if assigned directly; `team`: only on rows the team owns. */
export const MEMBER_PRIVILEGE_INHERITANCES = ['direct', 'team'] as const;

/** How a team member inherits a team role's user-level privileges. */
export type MemberPrivilegeInheritance = (typeof MEMBER_PRIVILEGE_INHERITANCES)[number];

const levelsSchema = z.partialRecord(z.enum(SECURITY_ROLE_PRIVILEGES), z.enum(ACCESS_LEVELS));

/** A security role: per table, the access level of each privilege. */
export const securityRoleSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  /** Defaults to `direct` (new roles in Dataverse). */
  memberPrivilegeInheritance: z.enum(MEMBER_PRIVILEGE_INHERITANCES).optional(),
  privileges: z.record(identifierSchema, levelsSchema),
});

/** A security role as written in a policy. */
export type SecurityRoleInput = z.input<typeof securityRoleSchema>;
/** A validated security role. */
export type SecurityRole = Readonly<z.output<typeof securityRoleSchema>>;

/** A role assignment: a role name, or a role and the business unit it is assigned from (matrix data access). */
export const roleAssignmentSchema = z.union([
  nameSchema,
  z.strictObject({ name: nameSchema, businessUnitId: nameSchema }),
]);

/** A role assignment as written for a user or a team. */
export type RoleAssignmentInput = z.input<typeof roleAssignmentSchema>;

const LEVEL_FIELDS: Partial<Record<AccessLevel, 'owner' | 'businessUnit'>> = {
  user: 'owner',
  businessUnit: 'businessUnit',
  parentChildBusinessUnits: 'businessUnit',
};

function checkLevel(
  table: TableDefinition,
  level: AccessLevel,
  path: (string | number)[],
  role: string,
): Issue | undefined {
  if (level === 'none') return undefined;
  if (table.ownership === 'organization') {
    return level === 'organization'
      ? undefined
      : {
          code: 'invalid_access_level',
          path,
          message: `table "${table.name}" is organization-owned, so role "${role}" can only use "none" or "organization" here, not "${level}"`,
        };
  }
  const field = LEVEL_FIELDS[level];
  if (field === undefined || table[field] !== undefined) return undefined;
  return {
    code: 'missing_relationship',
    path,
    message: `role "${role}" uses level "${level}" on table "${table.name}", which declares no ${field} field; add tables.${table.name}.${field} or use level "organization"`,
  };
}

/** Cross-checks of security roles: unique names, known tables, levels each table supports. */
export function checkSecurityRoles(
  roles: readonly SecurityRole[],
  tables: ReadonlyMap<string, TableDefinition>,
): Issue[] {
  const issues: Issue[] = [];
  const tableNames = [...tables.keys()];
  const seen = new Set<string>();
  roles.forEach((role, index) => {
    if (seen.has(role.name)) {
      issues.push({
        code: 'duplicate_security_role',
        path: ['securityRoles', index, 'name'],
        message: `security role "${role.name}" is defined twice; give each security role a unique name`,
      });
    }
    seen.add(role.name);
    for (const [tableName, levels] of Object.entries(role.privileges)) {
      const path = ['securityRoles', index, 'privileges', tableName];
      const table = tables.get(tableName);
      if (!table) {
        issues.push({
          code: 'unknown_table',
          path,
          message: `table "${tableName}" is not declared under "tables"; declare it or fix the name (${didYouMean(tableName, tableNames)})`,
        });
        continue;
      }
      for (const [privilege, level] of Object.entries(levels)) {
        const issue =
          level === undefined ? undefined : checkLevel(table, level, [...path, privilege], role.name);
        if (issue) issues.push(issue);
      }
    }
  });
  return issues;
}

/** The privileges a role grants on one table at one level (never `none`), in a stable order. */
export interface RoleGrant {
  readonly table: string;
  readonly level: Exclude<AccessLevel, 'none'>;
  readonly privileges: readonly SecurityRolePrivilege[];
}

/** A role's privileges grouped by table and level, computed once per policy so building an ability only reads them. */
export function roleGrantsOf(role: SecurityRole): readonly RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const [table, levels] of Object.entries(role.privileges)) {
    for (const level of ACCESS_LEVELS) {
      if (level === 'none') continue;
      const privileges = SECURITY_ROLE_PRIVILEGES.filter((privilege) => levels[privilege] === level);
      if (privileges.length > 0) grants.push({ table, level, privileges });
    }
  }
  return grants;
}
