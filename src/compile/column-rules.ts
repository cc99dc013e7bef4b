import type { ColumnAccess, ColumnAccessMap } from '../base/column-access.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import { ABILITY_ACTION_OF } from '../policy/column-permission.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { ValidPrincipal } from '../principal/principal.js';
import { columnAccessOf, heldColumnSecurityProfiles } from './column-access.js';

/** CASL's pattern for "every field": only used where no real column name could be (names are identifiers). */
export const EVERY_COLUMN = '**';

/** The `fields` of the data rules for one restricted action; `undefined` keeps them unrestricted. */
function grantedFields(access: ColumnAccess): string[] | undefined {
  if (access.mode === 'allExcept') return undefined;
  // CASL refuses an empty list; a rule matching every field, overridden below, grants none (and keeps
  // CASL's `permittedFieldsOf` right: it adds "**" then removes it).
  return access.columns.length === 0 ? [EVERY_COLUMN] : [...access.columns];
}

/** The fields an inverted rule must take away for one restricted action, if any. */
function deniedFields(access: ColumnAccess): string[] | undefined {
  if (access.mode === 'allExcept') return access.columns.length === 0 ? undefined : [...access.columns];
  return access.columns.length === 0 ? [EVERY_COLUMN] : undefined;
}

/** Splits one data rule so each restricted action carries its columns; other actions keep the rule as is. */
function restrictRule(rule: PortalRawRule, byAction: ReadonlyMap<string, ColumnAccess>): PortalRawRule[] {
  const actions = typeof rule.action === 'string' ? [rule.action] : rule.action;
  const unrestricted: string[] = [];
  const withFields = new Map<string, { actions: string[]; fields: string[] }>();
  for (const action of actions) {
    const access = byAction.get(action);
    const fields = access && grantedFields(access);
    if (!fields) {
      unrestricted.push(action);
      continue;
    }
    const key = fields.join('\u0000');
    const group = withFields.get(key) ?? { actions: [], fields };
    group.actions.push(action);
    withFields.set(key, group);
  }
  if (withFields.size === 0) return [rule];
  const split: PortalRawRule[] = unrestricted.length === 0 ? [] : [{ ...rule, action: unrestricted }];
  for (const { actions: grouped, fields } of withFields.values())
    split.push({ ...rule, action: grouped, fields });
  return split;
}

/** An unconditional deny of some columns: CASL ignores it for row checks, so it never takes a row away. */
function denyRule(access: ColumnAccess, fields: string[]): PortalRawRule {
  const action = ABILITY_ACTION_OF[access.action];
  return {
    action: [action],
    subject: access.table,
    fields,
    inverted: true,
    reason: `no ${access.restrictedBy === 'columnPermissions' ? 'column permission' : 'column security profile'} grants ${access.action} on these columns of ${access.table}`,
    provenance: {
      kind: 'columnRestriction',
      table: access.table,
      action: access.action,
      restrictedBy: access.restrictedBy,
    },
  };
}

/** The principal whose web roles pick the column permissions: a visitor when the gates made it act as one. */
function columnPrincipal(principal: ValidPrincipal, compiled: CompiledPrincipal): ValidPrincipal {
  return compiled.actsAsVisitor ? { kind: 'anonymous' } : principal;
}

/**
 * Adds column security to compiled data rules: restricted actions get CASL `fields`, and inverted field
 * rules take away the columns no profile grants. Field checks then need the row check to pass first (the
 * field rules are the row rules, narrowed), and row checks are unchanged.
 */
export function withColumnRules(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  compiled: CompiledPrincipal,
): CompiledPrincipal {
  // A typo in a profile name is an error whatever the policy secures and the account state (D18).
  if (principal.kind === 'user') heldColumnSecurityProfiles(policy, index, principal);
  const securesColumns = Object.values(policy.tables).some(
    (table) => (table.securedColumns ?? []).length > 0,
  );
  if (policy.columnPermissions.length === 0 && !securesColumns) return compiled;
  // A gated principal has no rules to narrow.
  if (compiled.denial) return compiled;
  const columns: ColumnAccessMap = columnAccessOf(policy, index, columnPrincipal(principal, compiled));
  if (columns.size === 0) return compiled;
  const byTable = new Map<string, Map<string, ColumnAccess>>();
  for (const [table, accesses] of columns) {
    byTable.set(
      table,
      new Map([...accesses.values()].map((access) => [ABILITY_ACTION_OF[access.action], access])),
    );
  }
  const rules: PortalRawRule[] = [];
  const tablesWithRules = new Set<string>();
  for (const rule of compiled.rules) {
    const byAction = byTable.get(rule.subject);
    if (!byAction) {
      rules.push(rule);
      continue;
    }
    tablesWithRules.add(rule.subject);
    rules.push(...restrictRule(rule, byAction));
  }
  // Denies come last: CASL gives later rules priority, so they win over every grant for their fields.
  for (const table of tablesWithRules) {
    for (const access of columns.get(table)!.values()) {
      const fields = deniedFields(access);
      if (fields) rules.push(denyRule(access, fields));
    }
  }
  return { ...compiled, rules, columns };
}
