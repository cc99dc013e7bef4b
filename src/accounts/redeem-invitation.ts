import type { Policy } from '../policy/policy.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { type Invitation, invitabilityProblem } from './invitation.js';
import {
  ContactNotInvitableError,
  InvitationAlreadyRedeemedError,
  InvitationCodeMismatchError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNotForContactError,
  RegistrationDisabledError,
} from './refusals.js';
import { constantTimeEqual, hashCode } from './secret.js';

/** What `redeemInvitation` needs: the stored invitation, the code the visitor typed, the invited contact. */
export interface RedeemInvitationRequest {
  readonly policy: Policy;
  readonly invitation: Invitation;
  readonly code: string;
  readonly contact: ContactPrincipal;
}

/** The contact bound to its account and roles, the invitation with the redemption counted, and the event. */
export interface RedeemedInvitation {
  readonly contact: ContactPrincipal;
  readonly invitation: Invitation;
  readonly event: AuditEvent;
}

function refusalFor(invitation: Invitation, contact: ContactPrincipal, now: number): Error | undefined {
  if (invitation.status !== 'active') return new InvitationInactiveError();
  if (!(now < invitation.expiresAt)) return new InvitationExpiredError(invitation.expiresAt);
  if (invitation.redeemedContacts.includes(contact.id)) return new InvitationAlreadyRedeemedError(contact.id);
  if (invitation.redemptions >= invitation.maxRedemptions)
    return new InvitationExhaustedError(invitation.maxRedemptions);
  if (!invitation.invitedContacts.includes(contact.id)) return new InvitationNotForContactError(contact.id);
  const problem = invitabilityProblem(contact, 0);
  if (problem) return new ContactNotInvitableError(problem.message, ['contact', ...problem.path.slice(2)]);
  if (contact.state !== undefined && contact.state !== 'active') {
    // Redeeming must never lift a block or a disable an administrator set.
    return new ContactNotInvitableError(
      `contact "${contact.id}" is ${contact.state}; an administrator must re-enable it`,
      ['contact', 'state'],
    );
  }
  return undefined;
}

/**
 * Redeems an invitation: the code is checked first (in constant time, against the stored hash), then the
 * invitation's state. Any refusal throws a typed error and changes nothing.
 *
 * @example
 * const { contact, invitation, event } = await redeemInvitation(systemEnvironment, { policy, invitation, code, contact: jane });
 */
export async function redeemInvitation(
  environment: LifecycleEnvironment,
  request: RedeemInvitationRequest,
): Promise<RedeemedInvitation> {
  const { policy, invitation, contact } = request;
  const now = instantOf(environment);
  if (!policy.registration.invitations) {
    throw new RegistrationDisabledError(
      'invitations are switched off in the policy; set registration.invitations to true',
    );
  }
  const presented = typeof request.code === 'string' ? await hashCode(request.code) : '';
  if (!constantTimeEqual(presented, invitation.codeHash)) throw new InvitationCodeMismatchError();
  const refusal = refusalFor(invitation, contact, now);
  if (refusal) throw refusal;

  const webRoles = [...new Set([...(contact.webRoles ?? []), ...invitation.assignWebRoles])];
  const redeemed: ContactPrincipal = {
    ...contact,
    accountId: invitation.assignToAccount ?? contact.accountId ?? null,
    webRoles,
    state: 'active',
    registeredVia: 'invitation',
  };
  const updated: Invitation = {
    ...invitation,
    redemptions: invitation.redemptions + 1,
    redeemedContacts: [...invitation.redeemedContacts, contact.id],
  };
  const event = auditEvent('invitation.redeemed', now, invitation.id, contact.id, {
    contactId: contact.id,
    accountId: redeemed.accountId ?? '',
    webRoles,
    redemptions: updated.redemptions,
  });
  return { contact: redeemed, invitation: updated, event };
}
