import type { Issue } from '../base/errors.js';

/** The parts of a team the default-team rules read (structural, so team.ts can import this file). */
interface TeamLike {
  readonly id: string;
  readonly businessUnitId: string;
  readonly type: string;
  readonly isDefault?: boolean | undefined;
}

const isDefaultTeam = (team: TeamLike): boolean =>
  Object.hasOwn(team, 'isDefault') && team.isDefault === true;

/**
 * Checks one team against the default-team rules (SPEC 2.5): a default team is an owner team, and a
 * business unit has at most one. `defaults` collects the units' default teams as the teams are checked.
 */
export function checkDefaultTeam(
  team: TeamLike,
  at: (...rest: (string | number)[]) => (string | number)[],
  defaults: Map<string, string>,
): Issue[] {
  if (!isDefaultTeam(team)) return [];
  const issues: Issue[] = [];
  if (team.type !== 'owner') {
    issues.push({
      code: 'default_team_type',
      path: at('type'),
      message: `team "${team.id}" is the default team of business unit "${team.businessUnitId}", which is an owner team; set type: "owner" or remove isDefault`,
    });
  }
  const other = defaults.get(team.businessUnitId);
  if (other !== undefined) {
    issues.push({
      code: 'duplicate_default_team',
      path: at('isDefault'),
      message: `business unit "${team.businessUnitId}" already has default team "${other}"; a unit has one default team, so remove isDefault from "${team.id}"`,
    });
  } else defaults.set(team.businessUnitId, team.id);
  return issues;
}

/** Each business unit's default team id, for the units that declare one. */
export function defaultTeamsOf(teams: readonly TeamLike[]): ReadonlyMap<string, string> {
  const defaults = new Map<string, string>();
  for (const team of teams) {
    if (isDefaultTeam(team) && !defaults.has(team.businessUnitId)) defaults.set(team.businessUnitId, team.id);
  }
  return defaults;
}
