import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, nameSchema } from '../base/names.js';
import type { BusinessUnit } from './business-unit.js';
import { checkDefaultTeam } from './default-team.js';
import { roleAssignmentSchema, type SecurityRole } from './security-role.js';

/** Team types: owner and Entra group teams own rows and hold roles; access teams only receive shares. */
export const TEAM_TYPES = ['owner', 'group', 'access'] as const;

/** The type of a team. */
export type TeamType = (typeof TEAM_TYPES)[number];

/** A team: belongs to one business unit; its members get its roles, relative to that unit (D16). */
export const teamSchema = z.strictObject({
  /** Shares the owner namespace with user ids: a record's owner field holds either. */
  id: nameSchema,
  name: z.string().optional(),
  businessUnitId: nameSchema,
  type: z.enum(TEAM_TYPES),
  securityRoles: z.array(roleAssignmentSchema).optional(),
  /** Column security profiles every member holds (SPEC 2.8). */
  columnSecurityProfiles: z.array(nameSchema).optional(),
  /**
   * The default team of its business unit (Dataverse `team.isdefault`): an owner team whose members are
   * the unit's users, implicitly; a user never lists it to join nor leaves it (default-team.ts).
   */
  isDefault: z.boolean().optional(),
});

/** A team as written in a policy. */
export type TeamInput = z.input<typeof teamSchema>;
/** A validated team. */
export type Team = Readonly<z.output<typeof teamSchema>>;

/** What the team checks need to know about the rest of the policy. */
export interface TeamCheckContext {
  readonly businessUnits: readonly BusinessUnit[];
  readonly securityRoles: readonly SecurityRole[];
  readonly matrixDataAccess: boolean;
}

/** Cross-checks of teams: unique ids, known units and roles, roles only on owner/group teams, from the team's unit unless matrix access is on. */
export function checkTeams(teams: readonly Team[], context: TeamCheckContext): Issue[] {
  const issues: Issue[] = [];
  const units = new Set(context.businessUnits.map((unit) => unit.id));
  const roles = new Set(context.securityRoles.map((role) => role.name));
  const seen = new Set<string>();
  const defaults = new Map<string, string>();
  const unknownUnit = (id: string, path: (string | number)[]): void => {
    if (units.has(id)) return;
    issues.push({
      code: 'unknown_business_unit',
      path,
      message: `business unit "${id}" is not defined under "businessUnits" (${didYouMean(id, units)})`,
    });
  };
  teams.forEach((team, index) => {
    const at = (...rest: (string | number)[]) => ['teams', index, ...rest];
    if (seen.has(team.id)) {
      issues.push({
        code: 'duplicate_team',
        path: at('id'),
        message: `team "${team.id}" is defined twice; give each team a unique id`,
      });
    }
    seen.add(team.id);
    unknownUnit(team.businessUnitId, at('businessUnitId'));
    issues.push(...checkDefaultTeam(team, at, defaults));
    if (team.type === 'access' && (team.securityRoles ?? []).length > 0) {
      issues.push({
        code: 'access_team_with_roles',
        path: at('securityRoles'),
        message: `team "${team.id}" is an access team, which holds no roles (it only receives shares); remove its roles or make it an owner team`,
      });
    }
    (team.securityRoles ?? []).forEach((assignment, position) => {
      const name = typeof assignment === 'string' ? assignment : assignment.name;
      if (!roles.has(name)) {
        issues.push({
          code: 'unknown_security_role',
          path: at('securityRoles', position),
          message: `security role "${name}" is not defined under "securityRoles" (${didYouMean(name, roles)})`,
        });
      }
      if (typeof assignment === 'string' || assignment.businessUnitId === team.businessUnitId) return;
      unknownUnit(assignment.businessUnitId, at('securityRoles', position, 'businessUnitId'));
      if (!context.matrixDataAccess) {
        issues.push({
          code: 'role_from_other_business_unit',
          path: at('securityRoles', position, 'businessUnitId'),
          message: `team "${team.id}" is in business unit "${team.businessUnitId}" but gets role "${name}" from "${assignment.businessUnitId}"; assign the role from the team's own unit or set matrixDataAccess: true`,
        });
      }
    });
  });
  return issues;
}
