import type { CompiledPrincipal } from '../base/rule.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import { missingAdministratorRoleHint } from '../principal/entra-administrator.js';
import type { ValidPrincipal } from '../principal/principal.js';
import { decideGates, type GateOutcome } from '../principal/principal-gates.js';
import type { Session } from '../principal/user.js';
import { withAdministration } from './administrative-roles/with-administration.js';
import { withColumnRules } from './column-rules.js';
import { withPageRules } from './page-rules.js';
import type { ResolvedUser } from './role-assignments.js';
import { compileSecurityRoleRules, resolveSecurityRoles } from './security-role-rules.js';
import { compileWebRoleRules } from './web-role-rules.js';

const VISITOR = { kind: 'anonymous' } as const;

/**
 * A principal's data rules, behind the gates' outcome: none when a gate denies data (with its reason), a
 * visitor's web roles and pages when a gate makes the principal act as one, else its own.
 */
function dataRules(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  gates: GateOutcome,
  resolved: ResolvedUser | undefined,
): CompiledPrincipal {
  if (gates.denial) return { rules: [], denial: gates.denial };
  if (principal.kind === 'user') return compileSecurityRoleRules(policy, index, principal, resolved!);
  const actsAs = gates.actsAsVisitor ? VISITOR : principal;
  const compiled = withPageRules(policy, index, actsAs, compileWebRoleRules(index, actsAs));
  return gates.actsAsVisitor ? { ...compiled, actsAsVisitor: true } : compiled;
}

/**
 * Every rule of a principal, compiled for this principal alone, in one pipeline: an internal user's role
 * names are resolved and checked first (a typo is an error even for a gated user); then the gates decide,
 * once, as one list (`PRINCIPAL_GATES`); then the data rules (or the gate that denies them), the columns
 * they may touch, and the administrative rules (or the gate that keeps them from acting). `session` is the
 * request's channel; the principal's own is used when it is undefined.
 */
export function compilePrincipal(
  policy: Policy,
  principal: ValidPrincipal,
  session: Session | undefined,
): CompiledPrincipal {
  const index = policyIndexOf(policy);
  const user = principal.kind === 'user' ? principal : undefined;
  const resolved = user && resolveSecurityRoles(policy, index, user);
  const noRoleHint = user && missingAdministratorRoleHint(user, policy.internalUsers);
  const gates = decideGates(principal, {
    session: session ?? user?.session,
    registration: policy.registration,
    hasRole: resolved !== undefined && resolved.assignments.length > 0,
    ...(noRoleHint === undefined ? {} : { noRoleHint }),
  });
  const data = withColumnRules(
    policy,
    index,
    principal,
    dataRules(policy, index, principal, gates, resolved),
  );
  return withAdministration(index, principal, data, gates);
}
