import type { CompiledPrincipal } from '../base/rule.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import { accountStateDenial, isUnvouchedSelfRegistration } from '../principal/gates.js';
import { passwordChangeDenial } from '../principal/password-change-gate.js';
import type { ValidPrincipal } from '../principal/principal.js';
import type { Session } from '../principal/user.js';
import { withAdministration } from './administrative-roles/with-administration.js';
import { withColumnRules } from './column-rules.js';
import { withPageRules } from './page-rules.js';
import { compileSecurityRoleRules } from './security-role-rules.js';
import { compileWebRoleRules } from './web-role-rules.js';

const VISITOR = { kind: 'anonymous' } as const;

/**
 * A principal's data rules: an internal user's security roles (their gates run inside, after the role names
 * are checked), or a contact's or visitor's web roles and pages behind the account gates. An unvouched
 * self-registered contact holds what a visitor holds.
 */
function dataRules(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  session: Session | undefined,
): CompiledPrincipal {
  if (principal.kind === 'user') return compileSecurityRoleRules(policy, index, principal, session);
  const denial =
    principal.kind === 'anonymous'
      ? undefined
      : (accountStateDenial(principal.state) ?? passwordChangeDenial(principal));
  if (denial) return { rules: [], denial };
  const actsAs =
    principal.kind === 'contact' && isUnvouchedSelfRegistration(policy.registration, principal)
      ? VISITOR
      : principal;
  return withPageRules(policy, index, actsAs, compileWebRoleRules(index, actsAs));
}

/**
 * Every rule of a principal, compiled for this principal alone, in one pipeline: the data rules (or the gate
 * that denies them), the columns they may touch, then the administrative rules (or the gate that keeps them
 * from acting). `session` is the request's channel; the principal's own is used when it is undefined.
 */
export function compilePrincipal(
  policy: Policy,
  principal: ValidPrincipal,
  session: Session | undefined,
): CompiledPrincipal {
  const index = policyIndexOf(policy);
  const data = withColumnRules(policy, index, principal, dataRules(policy, index, principal, session));
  return withAdministration(policy, index, principal, data, session);
}
