import { type Condition, parent, type SharedCondition } from '../base/condition.js';
import type { PortalRawRule } from '../base/rule.js';
import { type CascadeStep, cascadePaths } from '../policy/cascade.js';
import type { PolicyIndex } from '../policy/policy.js';
import { SECURITY_ROLE_PRIVILEGES, type SecurityRolePrivilege } from '../policy/security-role.js';
import type { ReachSet } from './reach-set.js';

const pathsByIndex = new WeakMap<PolicyIndex, Map<string, readonly (readonly CascadeStep[])[]>>();

/** The cascade paths leading to `table`, computed once per policy and table. */
function pathsOf(index: PolicyIndex, table: string): readonly (readonly CascadeStep[])[] {
  let byTable = pathsByIndex.get(index);
  if (!byTable) {
    byTable = new Map();
    pathsByIndex.set(index, byTable);
  }
  let paths = byTable.get(table);
  if (!paths) {
    paths = Object.freeze(cascadePaths(table, index.tables).map((path) => Object.freeze(path)));
    byTable.set(table, paths);
  }
  return paths;
}

/** The record's ancestor along `path` (each parent embedded in its child, D15) is shared for `privilege`. */
function sharedThrough(
  index: PolicyIndex,
  path: readonly CascadeStep[],
  grantees: readonly string[],
  privilege: string,
): Condition {
  const ancestor = path[path.length - 1]!;
  let condition: Condition = {
    operator: 'shared',
    field: index.tables.get(ancestor.table)!.shares!,
    value: { principals: grantees, privilege },
  } satisfies SharedCondition;
  for (let position = path.length - 1; position >= 0; position--) {
    const step = path[position]!;
    condition = parent(step.field, step.table, step.key, condition);
  }
  return condition;
}

/**
 * Rules reaching records whose parent (or an ancestor, along relationships whose cascade configuration
 * shares: `cascade`) is shared with the user or a team (SPEC 2.7). Each right is capped by the user's own
 * privileges on this table, as a direct share is: a rule only for privileges some role holds here.
 */
export function cascadedShareRules(
  index: PolicyIndex,
  tableName: string,
  byPrivilege: ReadonlyMap<SecurityRolePrivilege, ReachSet>,
  grantees: readonly string[],
): PortalRawRule[] {
  const paths = pathsOf(index, tableName);
  if (paths.length === 0) return [];
  const rules: PortalRawRule[] = [];
  for (const privilege of SECURITY_ROLE_PRIVILEGES) {
    const holder = byPrivilege.get(privilege)?.holder();
    if (holder === undefined) continue;
    const { assignment } = holder;
    for (const path of paths) {
      const tables = path.map((step) => step.table).join(' → ');
      rules.push({
        action: [privilege],
        subject: tableName,
        conditions: sharedThrough(index, path, grantees, privilege),
        reason: `${tables} shared with the user or a team for ${privilege}, cascading to ${tableName}; security role "${assignment.role}"${assignment.team === undefined ? '' : ` (team "${assignment.team}")`} holds ${privilege}`,
        provenance: {
          kind: 'recordShare',
          privilege,
          grantees,
          securityRole: assignment.role,
          ...(assignment.team === undefined ? {} : { team: assignment.team }),
          through: path,
        },
      });
    }
  }
  return rules;
}
