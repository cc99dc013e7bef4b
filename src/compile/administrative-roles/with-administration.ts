import type { CompiledPrincipal } from '../../base/rule.js';
import type { AdministrativeRole } from '../../policy/administrative-role.js';
import type { PolicyIndex } from '../../policy/policy.js';
import type { ValidPrincipal } from '../../principal/principal.js';
import type { GateOutcome } from '../../principal/principal-gates.js';
import { compileAdministrativeRules, heldAdministrativeRoles } from './administrative-rules.js';
import { entraAdministrativeRoles } from './entra-administrative-roles.js';

/**
 * The administrative roles a principal holds: those its `administrativeRoles` name (checked against the
 * policy), then, for an internal user, the powers of its Entra directory roles, which need no repeating.
 */
export function administrativeRolesOf(
  index: PolicyIndex,
  principal: Exclude<ValidPrincipal, { readonly kind: 'anonymous' }>,
): AdministrativeRole[] {
  const named = heldAdministrativeRoles(index, principal.administrativeRoles);
  return principal.kind === 'user' ? [...named, ...entraAdministrativeRoles(principal)] : named;
}

/**
 * Adds a principal's administrative rules to its data rules; a data gate keeps denying data only. Its role
 * names are checked first (a typo is an error even for a gated principal), then the gates' outcome: a gated
 * administrator gets no administrative rule, and the gate's reason is kept for explanations. Only a holder
 * of administrative roles carries that reason.
 */
export function withAdministration(
  index: PolicyIndex,
  principal: ValidPrincipal,
  compiled: CompiledPrincipal,
  gates: GateOutcome,
): CompiledPrincipal {
  if (principal.kind === 'anonymous') return compiled;
  const roles = administrativeRolesOf(index, principal);
  if (roles.length === 0) return compiled;
  const denial = gates.administrativeDenial;
  if (denial) return { ...compiled, administrativeDenial: denial };
  return { ...compiled, rules: [...compiled.rules, ...compileAdministrativeRules(index, principal, roles)] };
}
