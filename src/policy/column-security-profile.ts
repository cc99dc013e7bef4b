import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, identifierSchema, nameSchema } from '../base/names.js';
import { columnActionsSchema, duplicateActionIssues, unknownColumnIssue } from './column-permission.js';
import type { TableDefinition } from './table.js';
import type { Team } from './team.js';

/**
 * A Dataverse column security profile (SPEC 2.8): held by internal users and teams, it grants read, create
 * or update on secured columns (`tables.<t>.securedColumns`), by table and column. It never grants row access.
 */
export const columnSecurityProfileSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  /** Actions by table, then by secured column. */
  columns: z.record(identifierSchema, z.record(identifierSchema, columnActionsSchema)),
});

/** A column security profile as written in a policy. */
export type ColumnSecurityProfileInput = z.input<typeof columnSecurityProfileSchema>;
/** A validated column security profile. */
export type ColumnSecurityProfile = Readonly<z.output<typeof columnSecurityProfileSchema>>;

/**
 * Cross-checks of column security: secured columns are declared fields, profiles have unique names and
 * name only known tables and secured columns, teams hold only known profiles (and access teams none).
 */
export function checkColumnSecurity(
  profiles: readonly ColumnSecurityProfile[],
  tables: ReadonlyMap<string, TableDefinition>,
  teams: readonly Team[],
): Issue[] {
  const issues: Issue[] = [];
  for (const table of tables.values()) {
    const secured = table.securedColumns ?? [];
    secured.forEach((column, position) => {
      const unknown = unknownColumnIssue(table, column, ['tables', table.name, 'securedColumns', position]);
      if (unknown) issues.push(unknown);
      if (secured.indexOf(column) !== position) {
        issues.push({
          code: 'duplicate_secured_column',
          path: ['tables', table.name, 'securedColumns', position],
          message: `column "${column}" is listed twice; list each secured column once`,
        });
      }
    });
  }
  const seen = new Set<string>();
  profiles.forEach((profile, index) => {
    const at = (...rest: (string | number)[]) => ['columnSecurityProfiles', index, ...rest];
    if (seen.has(profile.name)) {
      issues.push({
        code: 'duplicate_column_security_profile',
        path: at('name'),
        message: `column security profile "${profile.name}" is defined twice; give each profile a unique name`,
      });
    }
    seen.add(profile.name);
    for (const [tableName, columns] of Object.entries(profile.columns)) {
      const table = tables.get(tableName);
      if (!table) {
        issues.push({
          code: 'unknown_table',
          path: at('columns', tableName),
          message: `table "${tableName}" is not declared under "tables" (${didYouMean(tableName, tables.keys())})`,
        });
        continue;
      }
      const secured = table.securedColumns ?? [];
      for (const [column, actions] of Object.entries(columns)) {
        issues.push(...duplicateActionIssues(actions, at('columns', tableName, column)));
        if (secured.includes(column)) continue;
        issues.push({
          code: 'unsecured_column',
          path: at('columns', tableName, column),
          message: `column "${column}" is not among tables.${tableName}.securedColumns (${didYouMean(column, secured)}); secure it there or fix the name (unsecured columns follow row access)`,
        });
      }
    }
  });
  const names = new Set(profiles.map((profile) => profile.name));
  teams.forEach((team, index) => {
    const held = team.columnSecurityProfiles ?? [];
    if (team.type === 'access' && held.length > 0) {
      issues.push({
        code: 'access_team_with_column_profiles',
        path: ['teams', index, 'columnSecurityProfiles'],
        message: `team "${team.id}" is an access team, which holds no column security profiles (it only receives shares); remove them or make it an owner team`,
      });
    }
    held.forEach((name, position) => {
      if (names.has(name)) return;
      issues.push({
        code: 'unknown_column_security_profile',
        path: ['teams', index, 'columnSecurityProfiles', position],
        message: `column security profile "${name}" is not defined under "columnSecurityProfiles" (${didYouMean(name, names)})`,
      });
    });
  });
  return issues;
}
