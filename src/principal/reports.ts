import { type Issue, PortalPermissionsError } from '../base/errors.js';
import { ownValue } from '../base/own.js';
import type { Policy } from '../policy/policy.js';
import { MAX_REPORT_TEAMS, type Report } from './reports-schema.js';

/** One internal user as the hierarchy sees it (Dataverse `systemuser`: `parentsystemuserid`, `positionid`). */
export interface HierarchyMember {
  readonly id: string;
  /** The user's manager (manager model); absent or `null` for the top of a chain. */
  readonly managerId?: string | null;
  /** The user's position (position model). */
  readonly positionId?: string | null;
  /** Checked against the manager's unit under the manager model when both are known. */
  readonly businessUnitId?: string;
  /** `false` leaves the user out of the reports unless `includeDisabled` (their own reports stay in). */
  readonly enabled?: boolean;
  /** Teams the user is a member of: the manager reaches the rows they own and the rows shared with them. */
  readonly teams?: readonly string[];
}

/** One node of the position tree (Dataverse `position`, `parentpositionid`). */
export interface HierarchyPosition {
  readonly id: string;
  readonly parentId?: string | null;
}

/** What `hierarchyReports` needs besides the users. */
export interface HierarchyReportsOptions {
  /** The position tree; required by the position model. */
  readonly positions?: readonly HierarchyPosition[];
  /**
   * List disabled reports too, marked `enabled: false`: they give rows only when the policy's
   * `hierarchy.includeDisabledReports` (Dataverse's `AuthorizationEnableHSMForDisabledUsers`) says so, which
   * is also this option's default.
   */
  readonly includeDisabled?: boolean;
}

/** A user's reports, ready for the principal's `reports`, and what was wrong with the data. */
export interface HierarchyReports {
  /** Each report as an id, or with the unit and teams the user list gives (`enabled: false` when disabled). */
  readonly reports: { readonly direct: Report[]; readonly indirect: Report[][] };
  /** Cycles, duplicate ids, managers outside the unit rule and users with a team's id; each left out, never guessed at. */
  readonly problems: readonly Issue[];
}

const ownId = (record: object, field: string): string | undefined => {
  const value = ownValue(record, field);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Children by parent in one pass; a second entry with the same id is a problem and is skipped. */
function childrenOf(
  nodes: readonly object[],
  parentField: string,
  collection: string,
  problems: Issue[],
): Map<string, string[]> {
  const seen = new Set<string>();
  const children = new Map<string, string[]>();
  nodes.forEach((node, index) => {
    const id = typeof node === 'object' && node !== null ? ownId(node, 'id') : undefined;
    if (id === undefined) {
      problems.push({
        code: 'missing_id',
        path: [collection, index, 'id'],
        message: 'give every entry an id',
      });
      return;
    }
    if (seen.has(id)) {
      problems.push({
        code: 'duplicate_id',
        path: [collection, index, 'id'],
        message: `"${id}" is listed twice; only its first entry counts, remove the other`,
      });
      return;
    }
    seen.add(id);
    const parent = ownId(node, parentField);
    if (parent === undefined) return;
    const list = children.get(parent);
    if (list) list.push(id);
    else children.set(parent, [id]);
  });
  return children;
}

/** The units and teams of the policy, looked up once per call. */
interface PolicyNames {
  readonly units: ReadonlySet<string>;
  readonly teams: ReadonlyMap<string, Policy['teams'][number]>;
}

/**
 * A report as the principal lists it: the id alone, or with the unit and teams the user list gives, and
 * `enabled: false` for a disabled user, so the compiler applies the unit and disabled-report rules too.
 * What `abilityFor` would refuse (a team the policy lacks, another unit's default team, teams beyond the
 * bound) is left out with a problem, so one bad row never costs the manager every report.
 */
function reportOf(id: string, user: HierarchyMember, names: PolicyNames, problems: Issue[]): Report {
  const known = ownId(user, 'businessUnitId');
  const unit = known !== undefined && names.units.has(known) ? known : undefined;
  const listed = ownValue(user, 'teams');
  const teams = new Set<string>();
  for (const team of Array.isArray(listed) ? listed : []) {
    if (typeof team !== 'string' || teams.has(team)) continue;
    const defined = names.teams.get(team);
    if (defined === undefined || (defined.isDefault === true && defined.businessUnitId !== unit)) {
      problems.push({
        code: 'unknown_team',
        path: ['users'],
        message: `team "${team}" of user "${id}" is not a team of the policy that user can be a member of, so it is left out of their teams; fix the user's teams or the policy`,
      });
    } else if (teams.size === MAX_REPORT_TEAMS) {
      problems.push({
        code: 'too_many_teams',
        path: ['users'],
        message: `user "${id}" is in more than ${MAX_REPORT_TEAMS} teams, so team "${team}" is left out of their teams; the manager does not reach its rows`,
      });
    } else teams.add(team);
  }
  const disabled = ownValue(user, 'enabled') === false;
  if (unit === undefined && teams.size === 0 && !disabled) return id;
  return {
    id,
    ...(unit === undefined ? {} : { businessUnitId: unit }),
    ...(teams.size === 0 ? {} : { teams: [...teams] }),
    ...(disabled ? { enabled: false } : {}),
  };
}

/**
 * The levels below `root` (level 1 first), at most `depth` of them, breadth first: each node is visited once,
 * so the walk is linear and a cycle back to a visited node is reported and cut there.
 */
function levelsBelow(
  root: string,
  children: ReadonlyMap<string, readonly string[]>,
  depth: number,
  collection: string,
  allowed: (parent: string, child: string) => boolean,
  problems: Issue[],
): string[][] {
  const visited = new Set<string>([root]);
  const levels: string[][] = [];
  let frontier = [root];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const parent of frontier) {
      for (const child of children.get(parent) ?? []) {
        if (visited.has(child)) {
          problems.push({
            code: 'hierarchy_cycle',
            path: [collection],
            message: `"${child}" is below "${parent}" and also above it: the ${collection} form a cycle; fix the parent links`,
          });
          continue;
        }
        visited.add(child);
        if (allowed(parent, child)) next.push(child);
      }
    }
    levels.push(next);
    frontier = next;
  }
  return levels;
}

/**
 * Computes the `reports` of one internal user from a list of users (and, for the position model, the
 * position tree), up to the policy's hierarchy depth, in linear time. Under the manager model a report
 * whose manager is neither in the report's unit nor in its parent unit is left out
 * (`ManagersMustBeInSameOrParentBusinessUnitAsReports`), and so is a user whose id is a team's
 * (`owner_id_conflict`), so the result never makes `abilityFor` refuse the manager. Cycles and duplicates
 * are reported, not followed.
 *
 * @example
 * const { reports } = hierarchyReports(policy, 'mia', [{ id: 'dan', managerId: 'mia' }]);
 * abilityFor(policy, { ...mia, reports });
 */
export function hierarchyReports(
  policy: Policy,
  userId: string,
  users: readonly HierarchyMember[],
  options: HierarchyReportsOptions = {},
): HierarchyReports {
  const settings = policy.hierarchy;
  if (settings === undefined) {
    throw new PortalPermissionsError(
      'hierarchy_off',
      'the policy has no hierarchy security; add hierarchy: { model: "manager" } (or "position") to the policy',
      { path: ['hierarchy'] },
    );
  }
  const problems: Issue[] = [];
  const byId = new Map<string, HierarchyMember>();
  for (const user of users) {
    const id = typeof user === 'object' && user !== null ? ownId(user, 'id') : undefined;
    if (id !== undefined && !byId.has(id)) byId.set(id, user);
  }
  const includeDisabled = Object.hasOwn(options, 'includeDisabled')
    ? options.includeDisabled === true
    : settings.includeDisabledReports;
  const teamIds = new Set(policy.teams.map((team) => team.id));
  const listed = (id: string): boolean => {
    // A report whose id is a team's would be refused by abilityFor (owner_id_conflict, D19) and take the
    // whole manager's access with it: this one row is left out instead, and said so once.
    if (teamIds.has(id)) {
      problems.push({
        code: 'owner_id_conflict',
        path: ['users'],
        message: `user "${id}" has the id of a team, and a record's owner field cannot tell them apart, so they are left out of the reports; give the user or the team another id`,
      });
      return false;
    }
    return includeDisabled || ownValue(byId.get(id)!, 'enabled') !== false;
  };

  let levels: string[][];
  if (settings.model === 'manager') {
    const children = childrenOf(users, 'managerId', 'users', problems);
    const parentUnit = new Map(policy.businessUnits.map((unit) => [unit.id, unit.parent]));
    const allowed = (manager: string, report: string): boolean => {
      const managerUnit = ownId(byId.get(manager) ?? {}, 'businessUnitId');
      const reportUnit = ownId(byId.get(report)!, 'businessUnitId');
      if (managerUnit === undefined || reportUnit === undefined) return true;
      if (managerUnit === reportUnit || parentUnit.get(reportUnit) === managerUnit) return true;
      problems.push({
        code: 'manager_outside_business_unit',
        path: ['users'],
        message: `"${manager}" manages "${report}" but is in business unit "${managerUnit}", neither "${reportUnit}" nor its parent; Dataverse refuses such a manager, so "${report}" and their reports are left out`,
      });
      return false;
    };
    levels = levelsBelow(userId, children, settings.depth, 'users', allowed, problems);
  } else {
    const positions = Object.hasOwn(options, 'positions') ? (options.positions ?? []) : [];
    const below = childrenOf(positions, 'parentId', 'positions', problems);
    const home = ownId(byId.get(userId) ?? {}, 'positionId');
    const positionLevels =
      home === undefined ? [] : levelsBelow(home, below, settings.depth, 'positions', () => true, problems);
    const holders = new Map<string, string[]>();
    for (const [id, user] of byId) {
      const position = ownId(user, 'positionId');
      if (position === undefined) continue;
      const list = holders.get(position);
      if (list) list.push(id);
      else holders.set(position, [id]);
    }
    levels = positionLevels.map((level) => level.flatMap((position) => holders.get(position) ?? []));
  }
  const names: PolicyNames = {
    units: new Set(policy.businessUnits.map((unit) => unit.id)),
    teams: new Map(policy.teams.map((team) => [team.id, team])),
  };
  const [direct = [], ...indirect] = levels.map((level) =>
    level.filter(listed).map((id) => reportOf(id, byId.get(id)!, names, problems)),
  );
  while (indirect.length > 0 && indirect[indirect.length - 1]!.length === 0) indirect.pop();
  return { reports: { direct, indirect }, problems };
}
