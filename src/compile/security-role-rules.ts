import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import type { ValidUserPrincipal } from '../principal/principal.js';
import type { Session } from '../principal/user.js';
import { userDenial } from '../principal/user-gates.js';
import { accessLevels } from './access-levels/index.js';
import { accessModes } from './access-modes.js';
import type { SharedCondition } from './condition.js';
import { type ResolvedAssignment, resolveUser } from './role-assignments.js';
import type { CompiledPrincipal, PortalRawRule } from './rule.js';

const sharedWith = (field: string, principals: readonly string[], privilege: string): SharedCondition => ({
  operator: 'shared',
  field,
  value: { principals, privilege },
});

function describe(assignment: ResolvedAssignment): string {
  return `security role "${assignment.role}"${assignment.team === undefined ? '' : ` (team "${assignment.team}")`}`;
}

/**
 * Compiles an internal user's security roles (direct and through teams) into CASL rules: one rule per
 * role, table and level, plus one per shared privilege. Runs the gates first (D13); the access mode keeps
 * only the privileges it allows.
 */
export function compileSecurityRoleRules(
  policy: Policy,
  index: PolicyIndex,
  user: ValidUserPrincipal,
  session: Session | undefined,
): CompiledPrincipal {
  const { assignments, grantees } = resolveUser(index, policy.matrixDataAccess, user);
  const denial = userDenial(user, { hasRole: assignments.length > 0, session: session ?? user.session });
  if (denial) return { rules: [], denial };

  const mode = accessModes[user.accessMode ?? 'read-write'];
  const rules: PortalRawRule[] = [];
  // The privilege check of a share: the first role (policy order) holding the privilege on the table.
  const shareSources = new Map<string, Map<SecurityRolePrivilege, ResolvedAssignment>>();

  for (const assignment of assignments) {
    for (const grant of index.roleGrants.get(assignment.role) ?? []) {
      const table = index.tables.get(grant.table)!;
      const privileges = grant.privileges.filter((privilege) => mode.keeps(privilege, table));
      if (privileges.length === 0) continue;
      if (table.shares !== undefined) {
        const sources = shareSources.get(table.name) ?? new Map<SecurityRolePrivilege, ResolvedAssignment>();
        for (const privilege of privileges) if (!sources.has(privilege)) sources.set(privilege, assignment);
        shareSources.set(table.name, sources);
      }
      const coverage = accessLevels[grant.level].coverage({
        table,
        businessUnit: assignment.businessUnit,
        owners: assignment.owners,
        subtreeOf: index.subtreeOf,
      });
      if (coverage === null) continue;
      rules.push({
        action: [...privileges],
        subject: table.name,
        ...(coverage === true ? {} : { conditions: coverage }),
        reason: `${describe(assignment)} → ${table.name} at ${grant.level} level (business unit "${assignment.businessUnit}")`,
        provenance: {
          kind: 'securityRole',
          securityRole: assignment.role,
          ...(assignment.team === undefined ? {} : { team: assignment.team }),
          level: grant.level,
          businessUnit: assignment.businessUnit,
        },
      });
    }
  }

  for (const [tableName, sources] of shareSources) {
    const field = index.tables.get(tableName)!.shares!;
    for (const [privilege, source] of sources) {
      rules.push({
        action: [privilege],
        subject: tableName,
        conditions: sharedWith(field, grantees, privilege),
        reason: `shared with the user or a team for ${privilege}; ${describe(source)} holds ${privilege}`,
        provenance: {
          kind: 'recordShare',
          privilege,
          grantees,
          securityRole: source.role,
          ...(source.team === undefined ? {} : { team: source.team }),
        },
      });
    }
  }
  return { rules };
}
