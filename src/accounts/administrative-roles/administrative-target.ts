import { subject } from '../../ability/subject.js';
import { PortalPermissionsError, PrincipalValidationError } from '../../base/errors.js';
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
import { ownEntraRoles } from '../../principal/entra-administrator.js';
import { ENTRA_ROLES, type EntraRole } from '../../principal/user.js';

/** What an administrative operation may target: a contact or an internal user, as the host stores it. */
export interface AdministrativeTargetInput {
  readonly kind: AdministrativeTargetKind;
  readonly id: string;
  /** The target's own administrative roles; none when absent. */
  readonly administrativeRoles?: readonly string[] | undefined;
  /** The target's Entra directory roles; any one makes it an administrator. */
  readonly entraRoles?: readonly string[] | undefined;
}

/** A target tagged with its kind and marked with whether it is an administrator, ready for `ability.can`. */
export type AdministrativeTarget<TTarget extends AdministrativeTargetInput> = TTarget & {
  readonly __caslSubjectType__: TTarget['kind'];
  readonly isAdministrator: 'yes' | 'no';
};

/**
 * The target's own Entra roles; a value that is not an Entra role (a typo, odd case or spacing, a
 * prototype key) or a list that is not an array is refused, so a mistyped administrator is never taken for
 * someone any limited administrator may act on.
 */
function checkedEntraRoles(target: object): readonly EntraRole[] {
  const roles = ownEntraRoles(target);
  if (roles !== undefined) return roles;
  const listed: unknown = (target as { readonly entraRoles?: unknown }).entraRoles;
  const values: readonly unknown[] = Array.isArray(listed) ? listed : [];
  const position = Array.isArray(listed)
    ? values.findIndex((role) => !(ENTRA_ROLES as readonly unknown[]).includes(role))
    : undefined;
  throw new PrincipalValidationError([
    {
      code: 'unknown_entra_role',
      path: position === undefined ? ['entraRoles'] : ['entraRoles', position],
      message: `${position === undefined ? 'entraRoles is not a list' : `${JSON.stringify(String(values[position]))} is not an Entra role`}; list Entra roles exactly as named: ${ENTRA_ROLES.join(', ')}`,
    },
  ]);
}

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
  // An Entra administrator is an administrator whether or not the policy's roles repeat it.
  const administrator = roles.length > 0 || checkedEntraRoles(target).length > 0;
  const marked = { ...target, [IS_ADMINISTRATOR_FIELD]: administrator ? 'yes' : 'no' };
  return subject(kind as AdministrativeTargetKind, marked) as unknown as AdministrativeTarget<TTarget>;
}
