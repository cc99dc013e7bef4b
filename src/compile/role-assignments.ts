import { type Issue, PrincipalValidationError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { PolicyIndex } from '../policy/policy.js';
import type { RoleAssignmentInput } from '../policy/security-role.js';
import type { Team } from '../policy/team.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import { defaultTeamListingIssues, membershipsOf } from './default-team-membership.js';

/** One role as a user holds it: directly or through a team, relative to one business unit. */
export interface ResolvedAssignment {
  readonly role: string;
  /** The team the role comes through; absent for a direct assignment. */
  readonly team?: string;
  /** The unit its business-unit levels are relative to (D16; matrix data access). */
  readonly businessUnit: string;
  /** Ids whose rows the role reaches by ownership. */
  readonly owners: readonly string[];
  /** Held automatically, not assigned: the system administrator role of an Entra administrator (seed 002). */
  readonly automatic?: true;
}

/** A user's roles and share grantees, in policy order whatever order the principal lists them in. */
export interface ResolvedUser {
  readonly assignments: readonly ResolvedAssignment[];
  /** The user and every team of the user: the principals a record share may name. */
  readonly grantees: readonly string[];
}

type Assignment = Exclude<RoleAssignmentInput, string>;
const assignmentOf = (input: RoleAssignmentInput, home: string): Assignment =>
  typeof input === 'string'
    ? { name: input, businessUnitId: home }
    : { name: input.name, businessUnitId: input.businessUnitId };

function checkUser(index: PolicyIndex, matrixDataAccess: boolean, user: ValidUserPrincipal): Issue[] {
  const issues: Issue[] = [];
  const unit = (id: string, path: (string | number)[]): void => {
    if (index.businessUnits.has(id)) return;
    issues.push({
      code: 'unknown_business_unit',
      path,
      message: `business unit "${id}" is not defined by the policy (${didYouMean(id, index.businessUnits.keys())}); fix the user or the policy`,
    });
  };
  unit(user.businessUnitId, ['businessUnitId']);
  if (index.teams.has(user.id)) {
    issues.push({
      code: 'owner_id_conflict',
      path: ['id'],
      message: `user id "${user.id}" is also a team id, and a record's owner field cannot tell them apart; give the user or the team another id`,
    });
  }
  (user.securityRoles ?? []).forEach((input, position) => {
    const { name, businessUnitId } = assignmentOf(input, user.businessUnitId);
    if (!index.securityRoles.has(name)) {
      issues.push({
        code: 'unknown_security_role',
        path: ['securityRoles', position],
        message: `security role "${name}" is not defined by the policy (${didYouMean(name, index.securityRoles.keys())}); fix the user's roles or the policy`,
      });
    }
    if (businessUnitId === user.businessUnitId) return;
    unit(businessUnitId, ['securityRoles', position, 'businessUnitId']);
    if (!matrixDataAccess) {
      issues.push({
        code: 'role_from_other_business_unit',
        path: ['securityRoles', position, 'businessUnitId'],
        message: `the user is in business unit "${user.businessUnitId}" but gets role "${name}" from "${businessUnitId}"; assign it from the user's own unit or set matrixDataAccess: true in the policy`,
      });
    }
  });
  (user.teams ?? []).forEach((team, position) => {
    if (index.teams.has(team)) return;
    issues.push({
      code: 'unknown_team',
      path: ['teams', position],
      message: `team "${team}" is not defined by the policy (${didYouMean(team, index.teams.keys())}); fix the user's teams or the policy`,
    });
  });
  issues.push(...defaultTeamListingIssues(index, user));
  return issues;
}

function byPolicyOrder<T>(items: Iterable<T>, order: (item: T) => number): T[] {
  return [...new Set(items)].sort((a, b) => order(a) - order(b));
}

/**
 * Validates a user's names against the policy (D18; throws `PrincipalValidationError`) and lists the roles
 * the user holds, deduplicated and in policy order, each with the unit and owners it is relative to.
 */
export function resolveUser(
  index: PolicyIndex,
  matrixDataAccess: boolean,
  user: ValidUserPrincipal,
  automaticRoles: readonly string[] = [],
): ResolvedUser {
  const issues = checkUser(index, matrixDataAccess, user);
  if (issues.length > 0) throw new PrincipalValidationError(issues);

  const teams = byPolicyOrder(membershipsOf(index, user), (id) => index.teamOrder.get(id)!).map(
    (id) => index.teams.get(id)!,
  );
  const ownerTeams = teams.filter((team) => team.type !== 'access').map((team) => team.id);
  const userOwners = [user.id, ...ownerTeams];
  const roleOrder = (assignment: Assignment) => index.securityRoleOrder.get(assignment.name)!;

  const assignments: ResolvedAssignment[] = [];
  const seen = new Set<string>();
  const add = (assignment: ResolvedAssignment): void => {
    const key = JSON.stringify([assignment.team ?? null, assignment.role, assignment.businessUnit]);
    if (seen.has(key)) return;
    seen.add(key);
    assignments.push(assignment);
  };
  const direct = (user.securityRoles ?? []).map((input) => assignmentOf(input, user.businessUnitId));
  for (const { name, businessUnitId } of direct.sort(
    (a, b) => roleOrder(a) - roleOrder(b) || compare(a, b),
  )) {
    add({ role: name, businessUnit: businessUnitId, owners: userOwners });
  }
  // After the assigned roles, so a role also assigned keeps its assignment as the deciding grant.
  for (const role of automaticRoles) {
    add({ role, businessUnit: user.businessUnitId, owners: userOwners, automatic: true });
  }
  for (const team of teams) {
    for (const assignment of teamAssignments(index, team, userOwners)) add(assignment);
  }
  return { assignments, grantees: [user.id, ...teams.map((team) => team.id)] };
}

function teamAssignments(
  index: PolicyIndex,
  team: Team,
  userOwners: readonly string[],
): ResolvedAssignment[] {
  // Own property only: a polluted Object.prototype.securityRoles must not hand roles to every roleless team.
  const roles = Object.hasOwn(team, 'securityRoles') ? team.securityRoles : undefined;
  return (roles ?? []).map((input) => {
    const { name, businessUnitId } = assignmentOf(input, team.businessUnitId);
    // Team-only inheritance: the role's user-level reach is the team's own rows (SPEC 2.5).
    const inherited = index.securityRoles.get(name)!.memberPrivilegeInheritance ?? 'direct';
    return {
      role: name,
      team: team.id,
      businessUnit: businessUnitId,
      owners: inherited === 'team' ? [team.id] : userOwners,
    };
  });
}

const compare = (a: Assignment, b: Assignment): number =>
  a.businessUnitId < b.businessUnitId ? -1 : a.businessUnitId > b.businessUnitId ? 1 : 0;
