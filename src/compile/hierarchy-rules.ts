import { inList, type SharedCondition } from '../base/condition.js';
import type { HierarchyProvenance, PortalRawRule } from '../base/rule.js';
import type { HierarchySettings } from '../policy/hierarchy-settings.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import type { TableDefinition } from '../policy/table.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import type { ResolvedReports } from './hierarchy-reports.js';
import type { ReachSet } from './reach-set.js';

/** What a manager may do on rows of reports within the write depth besides reading them (SPEC 2.7). */
export const HIERARCHY_WRITE_PRIVILEGES = ['write', 'append', 'appendTo'] as const;

/** Whose rows one band of levels reaches: owned by the reports or their owner teams, shared with them or any team. */
interface Band {
  /** How many listed levels the band covers (1: the direct reports). */
  readonly levels: number;
  readonly owners: readonly string[];
  readonly grantees: readonly string[];
}

/** The hierarchy reach of one user, computed once for every table: the read band and the write band. */
export interface HierarchyReach {
  readonly settings: HierarchySettings;
  readonly read: Band;
  readonly write: Band;
}

function bandOf(resolved: ResolvedReports, levels: number): Band {
  const owners = new Set<string>();
  const grantees = new Set<string>();
  for (const report of resolved.reached) {
    if (report.level > levels) continue;
    owners.add(report.id);
    grantees.add(report.id);
    for (const team of report.ownerTeams) owners.add(team);
    for (const team of report.teams) grantees.add(team);
  }
  return { levels, owners: [...owners], grantees: [...grantees] };
}

/**
 * The bands of a user's reports: Read within `depth`, Write, Append and AppendTo within `writeDepth`, each
 * counting only the levels the principal lists. `undefined` when hierarchy is off or reaches nobody.
 */
export function hierarchyReachOf(
  settings: HierarchySettings | undefined,
  user: ValidUserPrincipal,
  resolved: ResolvedReports,
): HierarchyReach | undefined {
  if (settings === undefined || resolved.reached.length === 0) return undefined;
  const listed = 1 + (user.reports?.indirect?.length ?? 0);
  return {
    settings,
    read: bandOf(resolved, Math.min(settings.depth, listed)),
    write: bandOf(resolved, Math.min(settings.writeDepth, listed)),
  };
}

const sharedWith = (field: string, principals: readonly string[], privilege: string): SharedCondition => ({
  operator: 'shared',
  field,
  value: { principals, privilege },
});

const levelWords = (levels: number): string => `within ${levels} level${levels === 1 ? '' : 's'}`;

/**
 * Hierarchy security rules for one table (SPEC 2.7): Read over rows owned by the reports within `depth` or
 * by their teams, or shared with them or their teams for Read; Write, Append and AppendTo likewise within
 * `writeDepth`, a share counting only for the privilege it gives. Nothing without a held Read on the table,
 * and never a privilege the user's roles (as the access mode keeps them) do not hold: each list is one
 * condition, so SQL binds it as one array parameter.
 */
export function hierarchyRules(
  reach: HierarchyReach | undefined,
  tableName: string,
  table: TableDefinition,
  byPrivilege: ReadonlyMap<SecurityRolePrivilege, ReachSet>,
): PortalRawRule[] {
  const reader = byPrivilege.get('read')?.holder();
  if (reach === undefined || reader === undefined) return [];
  const { assignment } = reader;
  const { model } = reach.settings;
  const provenance = (field: string, levels: number, via: 'owner' | 'share'): HierarchyProvenance => ({
    kind: 'hierarchy',
    model,
    field,
    depth: levels,
    securityRole: assignment.role,
    ...(assignment.team === undefined ? {} : { team: assignment.team }),
    ...(via === 'share' ? { via } : {}),
  });
  const rules: PortalRawRule[] = [];
  const band = (actions: readonly string[], { levels, owners, grantees }: Band): void => {
    if (actions.length === 0) return;
    if (table.owner !== undefined && owners.length > 0) {
      rules.push({
        action: [...actions],
        subject: tableName,
        conditions: inList(table.owner, owners),
        reason: `hierarchy security (${model} model) → ${actions.join(', ')} on ${tableName} rows owned by reports ${levelWords(levels)} or their teams`,
        provenance: provenance(table.owner, levels, 'owner'),
      });
    }
    if (table.shares === undefined || grantees.length === 0) return;
    for (const action of actions) {
      rules.push({
        action: [action],
        subject: tableName,
        conditions: sharedWith(table.shares, grantees, action),
        reason: `hierarchy security (${model} model) → ${action} on ${tableName} rows shared for ${action} with reports ${levelWords(levels)} or their teams`,
        provenance: provenance(table.shares, levels, 'share'),
      });
    }
  };
  band(['read'], reach.read);
  band(
    HIERARCHY_WRITE_PRIVILEGES.filter((privilege) => byPrivilege.has(privilege)),
    reach.write,
  );
  return rules;
}
