import type { PortalAbility } from '../ability/ability.js';
import type { Action } from '../ability/portal-subject.js';
import { subject } from '../ability/subject.js';
import { PortalPermissionsError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { TABLE_PERMISSION_PRIVILEGES } from '../base/privilege.js';
import { explain } from '../explain/explain.js';
import { definePolicy } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import { isDefinedPolicy, policyInputOf } from '../policy/policy-input.js';
import type { PolicyInput } from '../policy/schema.js';
import { SECURITY_ROLE_PRIVILEGES } from '../policy/security-role.js';

/**
 * A policy as the kit takes it: one returned by `definePolicy` (the kit reads the document it was defined
 * from, for the reference evaluator) or a plain policy document, which the kit validates with `definePolicy`.
 */
export type PolicyUnderTest = Policy | PolicyInput;

/** A policy in both forms: compiled, and the plain document the reference evaluator reads. */
export interface ResolvedPolicy {
  readonly policy: Policy;
  readonly input: PolicyInput;
}

/** Both forms of a policy under test; throws `PolicyValidationError` for an invalid document. */
export function resolvePolicy(value: PolicyUnderTest): ResolvedPolicy {
  if (isDefinedPolicy(value)) return { policy: value, input: policyInputOf(value) };
  const policy = definePolicy(value as PolicyInput);
  return { policy, input: policyInputOf(policy) };
}

/** Whether `ability` allows `action` on `record` of `table`, checked as a host would (a tagged copy). */
export function allows(ability: PortalAbility, action: Action, table: string, record: unknown): boolean {
  return typeof record === 'object' && record !== null && ability.can(action, subject(table, { ...record }));
}

/** `explain`'s sentence about one decision: the grant that allows it, or why none does. */
export function explanationOf(
  ability: PortalAbility,
  action: Action,
  table: string,
  record: unknown,
): string {
  if (typeof record !== 'object' || record === null) return `the record is not an object (${String(record)})`;
  return explain(ability, action, subject(table, { ...record })).message;
}

/** Checks the tables a property was asked about; an unknown one is an error with a hint, never a silent pass. */
export function checkedTables(input: PolicyInput, tables: readonly string[]): readonly string[] {
  for (const [position, table] of tables.entries()) {
    if (!Object.hasOwn(input.tables, table)) {
      throw new PortalPermissionsError(
        'unknown_table',
        `table "${table}" is not declared by the policy (${didYouMean(table, Object.keys(input.tables))}); fix the name`,
        { path: ['tables', position] },
      );
    }
  }
  return tables;
}

/** The plain document of a policy under test, without validating a document again. */
export function documentOf(value: PolicyUnderTest): PolicyInput {
  return isDefinedPolicy(value) ? policyInputOf(value) : (value as PolicyInput);
}

/** Every action a policy can grant: the table-permission privileges and the security-role ones. */
export const ALL_ACTIONS: readonly Action[] = [
  ...new Set<Action>([...TABLE_PERMISSION_PRIVILEGES, ...SECURITY_ROLE_PRIVILEGES]),
];
