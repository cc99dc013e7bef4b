import type { PortalAbility } from '../ability/ability.js';
import type { Issue } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { actorIdOf } from './administrative-roles/authorize.js';
import {
  assertMayHandOutWebRole,
  authorizeInvitedContact,
} from './administrative-roles/invitation-authority.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { invitabilityProblem } from './invitability.js';
import type { Invitation } from './invitation.js';
import {
  ContactNotInvitableError,
  InvitationAlreadyRedeemedError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNewcomersOnlyError,
  InvitationNotForContactError,
} from './invitation-refusals.js';
import { assertInvitationOpens } from './invitation-stored.js';
import { ownFields } from './own.js';
import { LifecycleInputError } from './refusals.js';

/** What `redeemInvitation` needs: the stored invitation, the code the visitor typed, the invited contact. */
export interface RedeemInvitationRequest {
  readonly policy: Policy;
  readonly invitation: Invitation;
  readonly code: string;
  readonly contact: ContactPrincipal;
  /**
   * The issuer's ability under the current policy (`abilityFor(policy, issuer)`). When given, redemption
   * re-checks that the issuer may still make this invitation (invite, assign its roles and account, hand out
   * each web role), so a right lost since the invitation was issued is not used by it.
   */
  readonly issuer?: PortalAbility;
}

/** The contact bound to its account and roles, the invitation with the redemption counted, and the event. */
export interface RedeemedInvitation {
  readonly contact: ContactPrincipal;
  readonly invitation: Invitation;
  readonly event: AuditEvent;
}

// No account is one value, however it is stored: a contact that had none at issue and has none now has not moved.
const accountOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function refusalFor(invitation: Invitation, contact: ContactPrincipal, now: number): Error | undefined {
  if (invitation.status !== 'active') return new InvitationInactiveError();
  if (invitation.expiresAt !== null && !(now < invitation.expiresAt))
    return new InvitationExpiredError(invitation.expiresAt);
  if (invitation.redeemedContacts.includes(contact.id)) return new InvitationAlreadyRedeemedError(contact.id);
  if (invitation.redemptions >= invitation.maxRedemptions)
    return new InvitationExhaustedError(invitation.maxRedemptions);
  if (!invitation.invitedContacts.includes(contact.id)) return new InvitationNotForContactError(contact.id);
  const problem = invitabilityProblem(contact, 0, invitation.assignToAccount !== undefined);
  if (problem) return new ContactNotInvitableError(problem.message, ['contact', ...problem.path.slice(2)]);
  const then = invitation.invitedAccounts?.find((bound) => bound.contactId === contact.id);
  if (
    invitation.invitedAccounts !== undefined &&
    (then === undefined ||
      accountOf(then.accountId) !== accountOf(contact.accountId) ||
      then.legalEntity !== contact.legalEntity)
  ) {
    return new ContactNotInvitableError(
      `contact "${contact.id}" has moved to another customer account since the invitation was issued; issue a new invitation`,
      ['contact', 'accountId'],
    );
  }
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
 * Refuses an issuer ability that cannot stand for the invitation's issuer: compiled under another policy than
 * the one redemption uses, or another principal than `issuedBy` (required when `requireIssuedBy`).
 */
export function assertIssuerIdentity(
  policy: Policy,
  issuer: PortalAbility,
  invitation: Invitation,
  requireIssuedBy = false,
): void {
  const problems: Issue[] = [];
  if (issuer.policy !== policy) {
    problems.push({
      code: 'issuer_policy',
      path: ['issuer'],
      message:
        "the issuer's ability was compiled under another policy; pass abilityFor(policy, issuer) with the policy redemption uses",
    });
  }
  const issuedBy: unknown = Object.hasOwn(invitation, 'issuedBy') ? invitation.issuedBy : undefined;
  if ((issuedBy !== undefined || requireIssuedBy) && actorIdOf(issuer) !== issuedBy) {
    problems.push({
      code: 'issuer_mismatch',
      path: ['issuer'],
      message:
        issuedBy === undefined
          ? 'the invitation records no issuer, so nobody can vouch for it; issue a new invitation'
          : `the invitation was issued by "${String(issuedBy)}"; pass that principal's ability`,
    });
  }
  if (problems.length > 0) throw new LifecycleInputError(problems);
}

function assertIssuerStillMay(
  policy: Policy,
  issuer: PortalAbility,
  invitation: Invitation,
  contact: ContactPrincipal,
): void {
  assertIssuerIdentity(policy, issuer, invitation);
  authorizeInvitedContact(issuer, contact, invitation);
  for (const role of invitation.assignWebRoles) assertMayHandOutWebRole(issuer, role);
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
  const { policy, contact } = ownFields(request);
  const invitation = ownFields(ownFields(request).invitation);
  const now = instantOf(environment);
  await assertInvitationOpens(policy, invitation, request.code);
  // An invitation for newcomers creates its contact (registerByInvitation); no existing contact takes it.
  if (invitation.audience !== undefined) throw new InvitationNewcomersOnlyError(['contact']);
  const refusal = refusalFor(invitation, contact, now);
  if (refusal) throw refusal;
  const issuer = ownFields(request).issuer;
  if (issuer !== undefined) assertIssuerStillMay(policy, issuer, invitation, contact);

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
