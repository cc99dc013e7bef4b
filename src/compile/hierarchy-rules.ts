import { inList } from '../base/condition.js';
import { type Issue, PrincipalValidationError } from '../base/errors.js';
import type { HierarchyProvenance, PortalRawRule } from '../base/rule.js';
import type { HierarchySettings } from '../policy/hierarchy-settings.js';
import type { PolicyIndex } from '../policy/policy.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import type { TableDefinition } from '../policy/table.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import type { ReachSet } from './reach-set.js';

/** What a manager may do on rows of reports within the write depth besides reading them (SPEC 2.7). */
export const HIERARCHY_WRITE_PRIVILEGES = ['write', 'append', 'appendTo'] as const;

/** The report levels within `depth`: the direct reports, then each indirect level, deeper ones dropped. */
function levelsWithin(user: ValidUserPrincipal, depth: number): string[][] {
  const reports = user.reports;
  if (reports === undefined) return [];
  return [reports.direct ?? [], ...(reports.indirect ?? []).slice(0, depth - 1)];
}

/**
 * Hierarchy security rules for one table (SPEC 2.7): Read over rows owned by reports within `depth`, and
 * Write, Append and AppendTo over those within `writeDepth`. Nothing without a held Read on the table, and
 * never a privilege the user's roles (as the access mode keeps them) do not hold: each list of reports is
 * one `in` condition, so SQL binds it as one array parameter.
 */
export function hierarchyRules(
  settings: HierarchySettings | undefined,
  tableName: string,
  table: TableDefinition,
  byPrivilege: ReadonlyMap<SecurityRolePrivilege, ReachSet>,
  user: ValidUserPrincipal,
): PortalRawRule[] {
  const reader = byPrivilege.get('read')?.holder();
  const field = table.owner;
  if (settings === undefined || reader === undefined || field === undefined) return [];
  const { assignment } = reader;
  const rule = (actions: string[], levels: string[][]): PortalRawRule[] => {
    const reports = levels.flat();
    if (reports.length === 0 || actions.length === 0) return [];
    const provenance: HierarchyProvenance = {
      kind: 'hierarchy',
      model: settings.model,
      field,
      depth: levels.length,
      securityRole: assignment.role,
      ...(assignment.team === undefined ? {} : { team: assignment.team }),
    };
    return [
      {
        action: actions,
        subject: tableName,
        conditions: inList(field, reports),
        reason: `hierarchy security (${settings.model} model) → ${actions.join(', ')} on ${tableName} rows of reports within ${levels.length} level${levels.length === 1 ? '' : 's'}`,
        provenance,
      },
    ];
  };
  const writes = HIERARCHY_WRITE_PRIVILEGES.filter((privilege) => byPrivilege.has(privilege));
  return [
    ...rule(['read'], levelsWithin(user, settings.depth)),
    ...rule(writes, levelsWithin(user, settings.writeDepth)),
  ];
}

/**
 * Refuses reports an owner field cannot tell apart from the user's own rows: the user themself (a cycle in
 * the data) or a team id (D19; throws `PrincipalValidationError`). Only checked when hierarchy is on.
 */
export function checkReports(
  settings: HierarchySettings | undefined,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): void {
  const reports = user.reports;
  if (settings === undefined || reports === undefined) return;
  const issues: Issue[] = [];
  const check = (id: string, path: (string | number)[]): void => {
    if (id === user.id) {
      issues.push({
        code: 'report_is_self',
        path,
        message: `user "${id}" is listed among their own reports, so the manager chain has a cycle; fix the users' managers and compute the reports again`,
      });
    } else if (index.teams.has(id)) {
      issues.push({
        code: 'owner_id_conflict',
        path,
        message: `report "${id}" is also a team id, and a record's owner field cannot tell them apart; give the user or the team another id`,
      });
    }
  };
  for (const [position, id] of (reports.direct ?? []).entries()) check(id, ['reports', 'direct', position]);
  for (const [depth, level] of (reports.indirect ?? []).entries()) {
    for (const [position, id] of level.entries()) check(id, ['reports', 'indirect', depth, position]);
  }
  if (issues.length > 0) throw new PrincipalValidationError(issues);
}
