import type { PortalAbility } from '../../ability/ability.js';
import { administrativeRolesOf } from '../../compile/administrative-roles/with-administration.js';
import {
  ADMINISTRATIVE_OPERATION_WORDS,
  type AdministrativeOperation,
  type AdministrativeTargetKind,
} from '../../policy/administrative-role.js';
import { policyIndexOf } from '../../policy/define-policy.js';

const article = (name: string): string => (/^[aeiou]/i.test(name) ? 'an' : 'a');

/**
 * Why an actor holding no grant of `operation` on accounts of `kind` is refused, naming the operation and
 * the roles that lack it ("a Helpdesk administrator may not delete user accounts"): the fix is another
 * administrative role, never a security role or a licence.
 */
export function missingOperationPhrase(
  actor: PortalAbility,
  operation: AdministrativeOperation,
  kind: AdministrativeTargetKind,
): string {
  const words = ADMINISTRATIVE_OPERATION_WORDS[operation].replace('KIND', kind);
  const { principal } = actor;
  if (principal.kind === 'anonymous') return `a visitor may not ${words}: sign in first`;
  const names = [
    ...new Set(administrativeRolesOf(policyIndexOf(actor.policy), principal).map((role) => role.name)),
  ];
  if (names.length === 0) return `they hold no administrative role, so they may not ${words}`;
  const first = names[0] as string;
  return `${article(first)} ${names.join(' and ')} may not ${words}`;
}
