import type { Issue } from '../base/errors.js';
import { defaultTeamsOf } from '../policy/default-team.js';
import type { PolicyIndex } from '../policy/policy.js';
import type { ValidUserPrincipal } from '../principal/principal.js';

const defaults = new WeakMap<PolicyIndex, ReadonlyMap<string, string>>();

/** The id of the default team of `businessUnit`, when the policy declares one (computed once per policy). */
export function defaultTeamOf(index: PolicyIndex, businessUnit: string): string | undefined {
  let byUnit = defaults.get(index);
  if (!byUnit) {
    byUnit = defaultTeamsOf([...index.teams.values()]);
    defaults.set(index, byUnit);
  }
  return byUnit.get(businessUnit);
}

/**
 * The teams a user is a member of: the ones the principal lists and, implicitly, the default team of the
 * user's business unit (SPEC 2.5: its members are the unit's users).
 */
export function membershipsOf(index: PolicyIndex, user: ValidUserPrincipal): readonly string[] {
  const listed = user.teams ?? [];
  const implicit = defaultTeamOf(index, user.businessUnitId);
  return implicit === undefined || listed.includes(implicit) ? listed : [...listed, implicit];
}

/**
 * A listed team that is another unit's default team is refused: its membership follows the business unit
 * and cannot be edited. Listing the own unit's default team is accepted (a synced membership row says so).
 */
export function defaultTeamListingIssues(index: PolicyIndex, user: ValidUserPrincipal): Issue[] {
  const issues: Issue[] = [];
  (user.teams ?? []).forEach((id, position) => {
    const team = index.teams.get(id);
    if (team === undefined || defaultTeamOf(index, team.businessUnitId) !== id) return;
    if (team.businessUnitId === user.businessUnitId) return;
    issues.push({
      code: 'default_team_membership',
      path: ['teams', position],
      message: `team "${id}" is the default team of business unit "${team.businessUnitId}", whose members are that unit's users only; remove it from the user's teams (or move the user to that unit)`,
    });
  });
  return issues;
}
