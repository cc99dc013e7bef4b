import type { SharedCondition } from '../base/condition.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import { SECURITY_ROLE_PRIVILEGES, type SecurityRolePrivilege } from '../policy/security-role.js';
import { accessModes } from '../principal/access-modes.js';
import { automaticRolesOf, effectiveAccessMode } from '../principal/entra-administrator.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import { accessLevels } from './access-levels/index.js';
import type { Reach } from './access-levels/level.js';
import { cascadedShareRules } from './cascaded-shares.js';
import { checkReports, resolveReports } from './hierarchy-reports.js';
import { hierarchyReachOf, hierarchyRules } from './hierarchy-rules.js';
import { conditionOf, keyOf, ReachSet, type ReachSource } from './reach-set.js';
import { type ResolvedAssignment, type ResolvedUser, resolveUser } from './role-assignments.js';

type Reaches = Map<string, Map<SecurityRolePrivilege, ReachSet>>;

const sharedWith = (field: string, principals: readonly string[], privilege: string): SharedCondition => ({
  operator: 'shared',
  field,
  value: { principals, privilege },
});

function describe(assignment: ResolvedAssignment): string {
  const via =
    assignment.team !== undefined
      ? ` (team "${assignment.team}")`
      : assignment.automatic
        ? ' (held automatically as an Entra administrator)'
        : '';
  return `security role "${assignment.role}"${via}`;
}

/** Every grant's reaches, by table and privilege, for the privileges the access mode keeps. */
function collectReaches(
  index: PolicyIndex,
  user: ValidUserPrincipal,
  assignments: readonly ResolvedAssignment[],
): Reaches {
  // An unlicensed Entra environment administrator keeps what administrative mode keeps (seed 002).
  const mode = accessModes[effectiveAccessMode(user)];
  const reaches: Reaches = new Map();
  // Roles assigned in the same unit with the same owners reach the same rows at the same level and table:
  // compute each such reach (and its keys) once per build.
  const ownersIds = new Map<readonly string[], number>();
  const computed = new Map<string, { reach: readonly Reach[]; keys: string[] }>();
  for (const assignment of assignments) {
    let ownersId = ownersIds.get(assignment.owners);
    if (ownersId === undefined) {
      ownersId = ownersIds.size;
      ownersIds.set(assignment.owners, ownersId);
    }
    for (const grant of index.roleGrants.get(assignment.role) ?? []) {
      const table = index.tables.get(grant.table)!;
      const privileges = mode.keepsEverything
        ? grant.privileges
        : grant.privileges.filter((privilege) => mode.keeps(privilege, table));
      if (privileges.length === 0) continue;
      let byPrivilege = reaches.get(table.name);
      if (!byPrivilege) {
        byPrivilege = new Map();
        reaches.set(table.name, byPrivilege);
      }
      const memoKey = `${grant.level}\u0000${table.name}\u0000${assignment.businessUnit}\u0000${ownersId}`;
      let memo = computed.get(memoKey);
      if (!memo) {
        const reach = accessLevels[grant.level].reach({
          table,
          businessUnit: assignment.businessUnit,
          owners: assignment.owners,
          subtreeOf: index.subtreeOf,
        });
        memo = { reach, keys: reach.map(keyOf) };
        computed.set(memoKey, memo);
      }
      const { reach, keys } = memo;
      const source: ReachSource = { assignment, level: grant.level };
      for (const privilege of privileges) {
        let set = byPrivilege.get(privilege);
        if (!set) {
          set = new ReachSet(source);
          byPrivilege.set(privilege, set);
        }
        for (let position = 0; position < reach.length; position++)
          set.add(keys[position]!, reach[position]!, source);
      }
    }
  }
  return reaches;
}

/** One rule per distinct reach and grant, with every privilege that shares both. */
function roleRules(
  tableName: string,
  byPrivilege: ReadonlyMap<SecurityRolePrivilege, ReachSet>,
): PortalRawRule[] {
  // Within one table each source (role, team, unit, level) is one grant, so it and the reach name a rule.
  const groups = new Map<ReachSource, Map<string, { actions: SecurityRolePrivilege[]; reach: Reach }>>();
  for (const privilege of SECURITY_ROLE_PRIVILEGES) {
    for (const { key, reach, source } of byPrivilege.get(privilege)?.essential() ?? []) {
      const bySource =
        groups.get(source) ?? new Map<string, { actions: SecurityRolePrivilege[]; reach: Reach }>();
      groups.set(source, bySource);
      const group = bySource.get(key);
      if (group) group.actions.push(privilege);
      else bySource.set(key, { actions: [privilege], reach });
    }
  }
  const rules: PortalRawRule[] = [];
  for (const [{ assignment, level }, bySource] of groups) {
    for (const { actions, reach } of bySource.values()) {
      const conditions = conditionOf(reach);
      rules.push({
        action: actions,
        subject: tableName,
        ...(conditions === undefined ? {} : { conditions }),
        reason: `${describe(assignment)} → ${tableName} at ${level} level (business unit "${assignment.businessUnit}")`,
        provenance: {
          kind: 'securityRole',
          securityRole: assignment.role,
          ...(assignment.team === undefined ? {} : { team: assignment.team }),
          level,
          businessUnit: assignment.businessUnit,
          ...(assignment.automatic ? { automatic: 'entraAdministrator' as const } : {}),
        },
      });
    }
  }
  return rules;
}
/** Rules reaching records shared with the user or a team, for each privilege some role holds (SPEC 2.7). */
function shareRules(
  tableName: string,
  field: string,
  byPrivilege: ReadonlyMap<SecurityRolePrivilege, ReachSet>,
  grantees: readonly string[],
): PortalRawRule[] {
  return SECURITY_ROLE_PRIVILEGES.flatMap((privilege) => {
    const holder = byPrivilege.get(privilege)?.holder();
    if (holder === undefined) return [];
    const { assignment } = holder;
    return [
      {
        action: [privilege],
        subject: tableName,
        conditions: sharedWith(field, grantees, privilege),
        reason: `shared with the user or a team for ${privilege}; ${describe(assignment)} holds ${privilege}`,
        provenance: {
          kind: 'recordShare',
          privilege,
          grantees,
          securityRole: assignment.role,
          ...(assignment.team === undefined ? {} : { team: assignment.team }),
        },
      },
    ];
  });
}

/**
 * Resolves an internal user's security roles and checks every name the user carries (roles, teams, the
 * reporting line): a typo is an error whatever the gates decide. The gates then run on what it found.
 */
export function resolveSecurityRoles(
  policy: Policy,
  index: PolicyIndex,
  user: ValidUserPrincipal,
): ResolvedUser {
  const resolved = resolveUser(
    index,
    policy.matrixDataAccess,
    user,
    automaticRolesOf(user, policy.internalUsers),
  );
  checkReports(policy.hierarchy, index, user);
  return resolved;
}

/**
 * Compiles an internal user's resolved security roles into CASL rules, for a user the gates let through
 * (D13): the access mode keeps only the privileges it allows; per table and privilege the union of every
 * grant's reaches is kept without redundant parts, each rule naming the first grant behind it.
 */
export function compileSecurityRoleRules(
  policy: Policy,
  index: PolicyIndex,
  user: ValidUserPrincipal,
  { assignments, grantees }: ResolvedUser,
): CompiledPrincipal {
  const hierarchy = hierarchyReachOf(policy.hierarchy, user, resolveReports(policy.hierarchy, index, user));
  const rules: PortalRawRule[] = [];
  for (const [tableName, byPrivilege] of collectReaches(index, user, assignments)) {
    rules.push(...roleRules(tableName, byPrivilege));
    const shares = index.tables.get(tableName)!.shares;
    if (shares !== undefined) rules.push(...shareRules(tableName, shares, byPrivilege, grantees));
    rules.push(...cascadedShareRules(index, tableName, byPrivilege, grantees));
    rules.push(...hierarchyRules(hierarchy, tableName, index.tables.get(tableName)!, byPrivilege));
  }
  return { rules };
}
