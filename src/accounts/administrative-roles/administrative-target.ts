import { subject } from '../../ability/subject.js';
import { PortalPermissionsError } from '../../base/errors.js';
import {
  heldAdministrativeRoles,
  IS_ADMINISTRATOR_FIELD,
} from '../../compile/administrative-roles/administrative-rules.js';
import {
  ADMINISTRATIVE_TARGET_KINDS,
  type AdministrativeTargetKind,
} from '../../policy/administrative-role.js';
import { policyIndexOf } from '../../policy/define-policy.js';
import type { Policy } from '../../policy/policy.js';

/** What an administrative operation may target: a contact or an internal user, as the host stores it. */
export interface AdministrativeTargetInput {
  readonly kind: AdministrativeTargetKind;
  readonly id: string;
  /** The target's own administrative roles; none when absent. */
  readonly administrativeRoles?: readonly string[] | undefined;
}

/** A target tagged with its kind and marked with whether it is an administrator, ready for `ability.can`. */
export type AdministrativeTarget<TTarget extends AdministrativeTargetInput> = TTarget & {
  readonly __caslSubjectType__: TTarget['kind'];
  readonly isAdministrator: 'yes' | 'no';
};

/**
 * Prepares an account for an administrative question: tags it with its kind (`user`, `contact`) and adds the
 * `isAdministrator` field that roles limited to non-administrators compare. Throws `PrincipalValidationError`
 * when the target names an administrative role the policy does not define.
 *
 * @example
 * ability.can('resetPassword', administrativeTarget(policy, globalAdmin)); // false for a password administrator
 */
export function administrativeTarget<TTarget extends AdministrativeTargetInput>(
  policy: Policy,
  target: TTarget,
): AdministrativeTarget<TTarget> {
  // Own properties only: a polluted prototype must not decide which kind of account, or whose roles, is asked about.
  const kind = Object.hasOwn(target, 'kind') ? target.kind : undefined;
  if (!(ADMINISTRATIVE_TARGET_KINDS as readonly unknown[]).includes(kind)) {
    throw new PortalPermissionsError(
      'invalid_target',
      `administrativeTarget needs an account whose own "kind" is one of ${ADMINISTRATIVE_TARGET_KINDS.join(', ')}, got ${JSON.stringify(kind) ?? 'nothing'}; load the account with its kind`,
      { path: ['kind'] },
    );
  }
  const held = Object.hasOwn(target, 'administrativeRoles') ? target.administrativeRoles : undefined;
  const roles = heldAdministrativeRoles(policyIndexOf(policy), held);
  const marked = { ...target, [IS_ADMINISTRATOR_FIELD]: roles.length > 0 ? 'yes' : 'no' };
  return subject(kind as AdministrativeTargetKind, marked) as unknown as AdministrativeTarget<TTarget>;
}
