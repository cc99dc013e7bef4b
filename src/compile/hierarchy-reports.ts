import { type Issue, PrincipalValidationError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { HierarchySettings } from '../policy/hierarchy-settings.js';
import type { PolicyIndex } from '../policy/policy.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import type { Report } from '../principal/reports-schema.js';
import { defaultTeamOf } from './default-team-membership.js';

/** A report hierarchy security reaches through, with the teams whose rows come with them (SPEC 2.7). */
export interface ReachedReport {
  readonly id: string;
  /** 1 for a direct report, 2 for the first indirect level… */
  readonly level: number;
  /** The teams the report is a member of: the listed ones and the default team of their stated unit. */
  readonly teams: readonly string[];
  /** The teams of `teams` that own rows (access teams are only shared with). */
  readonly ownerTeams: readonly string[];
}

/** Why a listed report gives the manager nothing. */
export type LeftOutReason = 'disabled' | 'businessUnit';

/** A report the principal lists that gives nothing, and why. */
export interface LeftOutReport {
  readonly id: string;
  readonly level: number;
  readonly reason: LeftOutReason;
  /** The report's business unit, for `businessUnit`. */
  readonly businessUnitId?: string;
}

/** The reports a user reaches through, level by level, and the listed ones left out. */
export interface ResolvedReports {
  readonly reached: readonly ReachedReport[];
  readonly leftOut: readonly LeftOutReport[];
}

const NONE: ResolvedReports = { reached: [], leftOut: [] };

interface Listed {
  readonly report: Report;
  readonly level: number;
  readonly path: (string | number)[];
}

function listedReports(user: ValidUserPrincipal): Listed[] {
  const reports = user.reports;
  if (reports === undefined) return [];
  const listed: Listed[] = [];
  (reports.direct ?? []).forEach((report, position) => {
    listed.push({ report, level: 1, path: ['reports', 'direct', position] });
  });
  (reports.indirect ?? []).forEach((ids, depth) => {
    ids.forEach((report, position) => {
      listed.push({ report, level: depth + 2, path: ['reports', 'indirect', depth, position] });
    });
  });
  return listed;
}

/** The issues of one listed report: ids an owner field cannot tell apart, names the policy lacks. */
function reportIssues(
  index: PolicyIndex,
  user: ValidUserPrincipal,
  listed: Listed,
  seen: Set<string>,
): Issue[] {
  const { report, path } = listed;
  const id = typeof report === 'string' ? report : report.id;
  const idPath = typeof report === 'string' ? path : [...path, 'id'];
  const issues: Issue[] = [];
  if (id === user.id) {
    issues.push({
      code: 'report_is_self',
      path: idPath,
      message: `user "${id}" is listed among their own reports, so the manager chain has a cycle; fix the users' managers and compute the reports again`,
    });
  } else if (index.teams.has(id)) {
    issues.push({
      code: 'owner_id_conflict',
      path: idPath,
      message: `report "${id}" is also a team id, and a record's owner field cannot tell them apart; give the user or the team another id`,
    });
  } else if (seen.has(id)) {
    issues.push({
      code: 'duplicate_report',
      path: idPath,
      message: `report "${id}" is listed twice, so their level (and what the manager may do with their rows) is ambiguous; list each report once, at their level`,
    });
  }
  seen.add(id);
  if (typeof report === 'string') return issues;
  const unit = report.businessUnitId;
  if (unit !== undefined && !index.businessUnits.has(unit)) {
    issues.push({
      code: 'unknown_business_unit',
      path: [...path, 'businessUnitId'],
      message: `business unit "${unit}" is not defined by the policy (${didYouMean(unit, index.businessUnits.keys())}); fix the report or the policy`,
    });
  }
  (report.teams ?? []).forEach((team, position) => {
    const defined = index.teams.get(team);
    if (defined === undefined) {
      issues.push({
        code: 'unknown_team',
        path: [...path, 'teams', position],
        message: `team "${team}" is not defined by the policy (${didYouMean(team, index.teams.keys())}); fix the report's teams or the policy`,
      });
    } else if (
      unit !== undefined &&
      defined.businessUnitId !== unit &&
      defaultTeamOf(index, defined.businessUnitId) === team
    ) {
      issues.push({
        code: 'default_team_membership',
        path: [...path, 'teams', position],
        message: `team "${team}" is the default team of business unit "${defined.businessUnitId}", whose members are that unit's users only; remove it from the report's teams (or give the report that unit)`,
      });
    }
  });
  return issues;
}

/**
 * Refuses reports the rows could not be told apart by, or that name what the policy lacks (throws
 * `PrincipalValidationError`): the user themself (a cycle), a team id, a report listed twice, an unknown
 * business unit or team. Only checked when hierarchy is on.
 */
export function checkReports(
  settings: HierarchySettings | undefined,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): void {
  if (settings === undefined || user.reports === undefined) return;
  const seen = new Set<string>();
  const issues = listedReports(user).flatMap((listed) => reportIssues(index, user, listed, seen));
  if (issues.length > 0) throw new PrincipalValidationError(issues);
}

/**
 * Whether `unit` is `manager`'s unit or lies at most `levels` units below it: under the manager model each
 * link of the chain keeps the manager in the report's unit or its parent
 * (`ManagersMustBeInSameOrParentBusinessUnitAsReports`), so a report `levels` down is never further below.
 */
function withinUnitRule(index: PolicyIndex, manager: string, unit: string, levels: number): boolean {
  let current: string | undefined = unit;
  for (let step = 0; step <= levels && current !== undefined; step++) {
    if (current === manager) return true;
    current = index.businessUnits.get(current)?.parent;
  }
  return false;
}

function reasonLeftOut(
  settings: HierarchySettings,
  index: PolicyIndex,
  user: ValidUserPrincipal,
  report: Report,
  level: number,
): LeftOutReason | undefined {
  if (typeof report === 'string') return undefined;
  if (report.enabled === false && !settings.includeDisabledReports) return 'disabled';
  const unit = report.businessUnitId;
  if (settings.model === 'manager' && unit !== undefined) {
    if (!withinUnitRule(index, user.businessUnitId, unit, level)) return 'businessUnit';
  }
  return undefined;
}

function teamsOf(index: PolicyIndex, report: Report): string[] {
  if (typeof report === 'string') return [];
  const teams = [...new Set(report.teams ?? [])];
  const implied =
    report.businessUnitId === undefined ? undefined : defaultTeamOf(index, report.businessUnitId);
  if (implied !== undefined && !teams.includes(implied)) teams.push(implied);
  return teams;
}

/**
 * The reports within `depth` that hierarchy security reaches through, and the ones it leaves out: a
 * disabled report (unless the policy includes them), or, under the manager model, a report whose stated
 * unit breaks the unit rule. Fail closed: a left-out report's own rows, teams and shares give nothing; the
 * reports listed below them stay in, as their own entries say. Assumes `checkReports` passed.
 */
export function resolveReports(
  settings: HierarchySettings | undefined,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): ResolvedReports {
  if (settings === undefined || user.reports === undefined) return NONE;
  const reached: ReachedReport[] = [];
  const leftOut: LeftOutReport[] = [];
  for (const { report, level } of listedReports(user)) {
    if (level > settings.depth) continue;
    const id = typeof report === 'string' ? report : report.id;
    const reason = reasonLeftOut(settings, index, user, report, level);
    if (reason !== undefined) {
      const unit = typeof report === 'string' ? undefined : report.businessUnitId;
      leftOut.push({
        id,
        level,
        reason,
        ...(reason === 'businessUnit' && unit !== undefined ? { businessUnitId: unit } : {}),
      });
      continue;
    }
    const teams = teamsOf(index, report);
    const ownerTeams = teams.filter((team) => index.teams.get(team)?.type !== 'access');
    reached.push({ id, level, teams, ownerTeams });
  }
  return { reached, leftOut };
}
