import { compilePrincipal } from '../compile/compile-principal.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { type Principal, parsePrincipal, type ValidPrincipal } from '../principal/principal.js';
import type { PrincipalArgument } from '../principal/principal-argument.js';
import { PortalAbility } from './ability.js';
import { type AbilityOptions, abilityOptionsOf } from './ability-options.js';
import { bindingFor, sharedCompiled } from './fast-path/index.js';

/** `abilityFor` on a principal already validated and options already checked. */
export function abilityOfValid<TTypes extends PolicyTypesLike>(
  policy: Policy<TTypes>,
  valid: ValidPrincipal,
  options: AbilityOptions,
): PortalAbility<TTypes> {
  const compile = (principal: ValidPrincipal) => compilePrincipal(policy, principal, options.session);
  const binding = bindingFor(policyIndexOf(policy), valid, options.session, compile);
  return binding === undefined
    ? new PortalAbility(policy, valid, compile(valid))
    : new PortalAbility(policy, valid, sharedCompiled(binding), binding);
}

/**
 * Compiles what a principal may do under a policy into a CASL ability. Validates the principal first
 * (throws `PrincipalValidationError`); a gated principal gets an ability that denies everything.
 *
 * @example
 * const ability = abilityFor(policy, { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf',
 *   webRoles: ['Authorized user'] });
 * ability.can('read', subject('salesorder', order));
 */
export function abilityFor<TTypes extends PolicyTypesLike, const TPrincipal extends Principal>(
  policy: Policy<TTypes>,
  principal: PrincipalArgument<TTypes, TPrincipal>,
  options: AbilityOptions = {},
): PortalAbility<TTypes> {
  policyIndexOf(policy);
  const valid = parsePrincipal(principal);
  return abilityOfValid(policy, valid, abilityOptionsOf(options));
}
