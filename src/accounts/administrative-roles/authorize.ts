import type { PortalAbility } from '../../ability/ability.js';
import { explain } from '../../explain/explain.js';
import type { AdministrativeOperation } from '../../policy/administrative-role.js';
import { OperationNotAllowedError } from '../refusals.js';
import { type AdministrativeTargetInput, administrativeTarget } from './administrative-target.js';
import { missingOperationPhrase } from './missing-operation.js';

/** The id of the acting principal, for audit events; a visitor acts as nobody. */
export function actorIdOf(actor: PortalAbility): string | undefined {
  const { principal } = actor;
  return principal.kind === 'anonymous' ? undefined : principal.id;
}

/**
 * Asks the actor's ability whether it may perform `operation` on `target`, and refuses with
 * `OperationNotAllowedError` (whose message explains which grant is missing or which limit failed) if not.
 * Returns the actor's id for the audit event.
 */
export function authorize(
  actor: PortalAbility,
  operation: AdministrativeOperation,
  target: AdministrativeTargetInput,
): string {
  const tagged = administrativeTarget(actor.policy, target);
  const actorId = actorIdOf(actor);
  if (actorId === undefined || !actor.can(operation, tagged)) {
    const why = explain(actor, operation, tagged);
    // No grant of the operation at all: say which operation the actor's roles lack.
    const message =
      !why.allowed && why.reason.code === 'no_grant'
        ? `${actorId === undefined ? 'an anonymous visitor' : `${actor.principal.kind} ${JSON.stringify(actorId)}`} cannot ${operation} ${tagged.kind} ${JSON.stringify(target.id)}: ${missingOperationPhrase(actor, operation, tagged.kind)}`
        : why.message;
    throw new OperationNotAllowedError(operation, target.id, message);
  }
  return actorId;
}
