/**
 * The reference statement of hierarchy security (SPEC 2.7), written straight from Microsoft's page as plain
 * loops and kept apart from the compiler (it imports nothing from src/compile): a manager reaches the rows
 * owned by a report or by a team the report is a member of, and the rows shared directly with the report or
 * with such a team, for the privileges the depth rules allow. It assumes inputs `abilityFor` accepts.
 */
import type { PolicyInput } from '../policy/schema.js';
import type { UserPrincipal } from '../principal/user.js';

type ListedReport = NonNullable<NonNullable<UserPrincipal['reports']>['direct']>[number];

const WRITES = ['write', 'append', 'appendTo'];

function own(record: unknown, field: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, field)
    ? (record as Record<string, unknown>)[field]
    : undefined;
}

/** Whether walking at most `steps` parent links up from `unit` meets `manager`'s unit. */
function withinSteps(policy: PolicyInput, unit: string, manager: string, steps: number): boolean {
  let current: string | undefined = unit;
  for (let step = 0; step <= steps && current !== undefined; step++) {
    if (current === manager) return true;
    let parent: string | undefined;
    for (const candidate of policy.businessUnits ?? [])
      if (candidate.id === current) parent = candidate.parent;
    current = parent;
  }
  return false;
}

/** Whether a listed report at `level` counts: enabled (or disabled reports included) and, under the manager model, in the unit rule. */
function counts(policy: PolicyInput, user: UserPrincipal, report: ListedReport, level: number): boolean {
  if (typeof report === 'string') return true;
  const hierarchy = policy.hierarchy!;
  if (report.enabled === false && hierarchy.includeDisabledReports !== true) return false;
  if (hierarchy.model !== 'manager' || report.businessUnitId === undefined) return true;
  return withinSteps(policy, report.businessUnitId, user.businessUnitId, level);
}

/** The teams a report is a member of: the listed ones and the default team of their stated unit. */
function teamsOf(policy: PolicyInput, report: ListedReport): string[] {
  if (typeof report === 'string') return [];
  const teams = [...(report.teams ?? [])];
  for (const team of policy.teams ?? []) {
    if (team.isDefault === true && team.businessUnitId === report.businessUnitId) teams.push(team.id);
  }
  return teams;
}

function isAccessTeam(policy: PolicyInput, id: string): boolean {
  for (const team of policy.teams ?? []) if (team.id === id && team.type === 'access') return true;
  return false;
}

/** Whether the record's own shares give `action` to one of `principals` (directly shared rows only). */
function sharedWith(
  record: unknown,
  field: string | undefined,
  action: string,
  principals: string[],
): boolean {
  if (field === undefined) return false;
  const shares = own(record, field);
  if (!Array.isArray(shares)) return false;
  for (const share of shares) {
    const principal = own(share, 'principal');
    const privileges = own(share, 'privileges');
    if (typeof principal !== 'string' || !Array.isArray(privileges)) continue;
    if (privileges.includes(action) && principals.includes(principal)) return true;
  }
  return false;
}

/**
 * Whether hierarchy security lets `user` perform `action` on `record` of `table`. `readable`: the user
 * holds Read on the table through some role (the manager's minimum); the privilege check is the caller's.
 */
export function referenceHierarchyReaches(
  policy: PolicyInput,
  user: UserPrincipal,
  action: string,
  table: string,
  record: unknown,
  readable: boolean,
): boolean {
  const hierarchy = policy.hierarchy;
  const definition = Object.hasOwn(policy.tables, table) ? policy.tables[table] : undefined;
  if (hierarchy === undefined || user.reports === undefined || !readable || definition === undefined)
    return false;
  let deepest: number;
  if (action === 'read') deepest = hierarchy.depth ?? 3;
  else if (WRITES.includes(action)) deepest = hierarchy.writeDepth ?? 1;
  else return false;
  const levels = [user.reports.direct ?? [], ...(user.reports.indirect ?? [])];
  const owner = definition.owner === undefined ? undefined : own(record, definition.owner);
  for (let index = 0; index < levels.length && index < deepest; index++) {
    for (const report of levels[index]!) {
      if (!counts(policy, user, report, index + 1)) continue;
      const id = typeof report === 'string' ? report : report.id;
      const teams = teamsOf(policy, report);
      const owners = [id, ...teams.filter((team) => !isAccessTeam(policy, team))];
      if (typeof owner === 'string' && owners.includes(owner)) return true;
      if (sharedWith(record, definition.shares, action, [id, ...teams])) return true;
    }
  }
  return false;
}
