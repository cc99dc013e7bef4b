import type { CompiledPrincipal, PortalRawRule } from '../../base/rule.js';
import type { Policy, PolicyIndex } from '../../policy/policy.js';
import type { ValidPrincipal } from '../../principal/principal.js';
import type { Session } from '../../principal/user.js';
import { administrativeDenial } from './administrative-gates.js';
import { compileAdministrativeRules, heldAdministrativeRoles } from './administrative-rules.js';

/**
 * The administrative rules of a principal: its role names are checked first (a typo is an error even for a
 * gated principal), then the account gates, then the rules. Empty for anyone who administers nobody.
 */
export function administrativeRulesFor(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  session: Session | undefined,
): PortalRawRule[] {
  if (principal.kind === 'anonymous') return [];
  const roles = heldAdministrativeRoles(index, principal.administrativeRoles);
  if (roles.length === 0 || administrativeDenial(principal, policy.registration, session)) return [];
  return compileAdministrativeRules(index, principal, roles);
}

/** Adds a principal's administrative rules to its data rules; a data gate keeps denying data only. */
export function withAdministration(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  compiled: CompiledPrincipal,
  session: Session | undefined,
): CompiledPrincipal {
  const administrative = administrativeRulesFor(policy, index, principal, session);
  return administrative.length === 0
    ? compiled
    : { ...compiled, rules: [...compiled.rules, ...administrative] };
}
