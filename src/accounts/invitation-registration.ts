import type { PortalAbility } from '../ability/ability.js';
import type { Policy } from '../policy/policy.js';
import { type ContactPrincipal, contactPrincipalSchema } from '../principal/contact.js';
import type { Principal } from '../principal/principal.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import type { Invitation } from './invitation.js';
import { emailIssue, emailKey } from './invitation-email.js';
import { authorizeNewcomer, newcomerOf } from './invitation-newcomers.js';
import {
  InvitationAlreadyRedeemedError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNewcomersOnlyError,
  InvitationNotForContactError,
} from './invitation-refusals.js';
import { assertInvitationOpens } from './invitation-stored.js';
import { ownFields } from './own.js';
import { assertIssuerIdentity } from './redeem-invitation.js';
import { LifecycleInputError } from './refusals.js';

/** What `registerByInvitation` needs: the stored invitation, what the visitor typed, and the issuer now. */
export interface InvitationRegistrationRequest {
  readonly policy: Policy;
  readonly invitation: Invitation;
  readonly code: string;
  /** The address the person registers with; the host has verified that they receive mail there. */
  readonly email: string;
  /** The id the host gives the new contact; the host's store keeps ids (and addresses) unique. */
  readonly contactId: string;
  /** Who is registering: a visitor (`{ kind: 'anonymous' }`); a signed-in contact or user is refused. */
  readonly visitor: Principal;
  /**
   * The issuer's ability under the policy registration uses (`abilityFor(policy, issuer)`), required: the
   * issuer must still be allowed to bring this contact in, so a right lost since the invitation was sent is
   * not used by it.
   */
  readonly issuer: PortalAbility;
}

/** The new contact, the invitation with the registration counted, and what the store must compare. */
export interface InvitationRegistration {
  readonly contact: ContactPrincipal;
  /** The address in the form the invitation compares (`emailKey`): store and verify this one. */
  readonly email: string;
  readonly invitation: Invitation;
  /** The `redemptions` the stored invitation must still hold when this registration is written (compare-and-set). */
  readonly expectedRedemptions: number;
  readonly event: AuditEvent;
}

function refusalFor(
  invitation: Invitation,
  email: string,
  contactId: string,
  now: number,
): Error | undefined {
  if (invitation.status !== 'active') return new InvitationInactiveError();
  if (invitation.expiresAt !== null && !(now < invitation.expiresAt))
    return new InvitationExpiredError(invitation.expiresAt);
  if (invitation.redeemedEmails?.includes(email)) return new InvitationAlreadyRedeemedError(email);
  if (invitation.redeemedContacts.includes(contactId)) return new InvitationAlreadyRedeemedError(contactId);
  if (invitation.redemptions >= invitation.maxRedemptions)
    return new InvitationExhaustedError(invitation.maxRedemptions);
  const invited = invitation.invitedEmails ?? [];
  if (invited.length > 0 && !invited.includes(email)) return new InvitationNotForContactError(email);
  return undefined;
}

function newContact(invitation: Invitation, contactId: unknown): ContactPrincipal {
  const contact = { ...newcomerOf(invitation, contactId as string) };
  const parsed = contactPrincipalSchema.safeParse(contact);
  if (parsed.success && typeof contactId === 'string' && contactId.trim() === contactId) return contact;
  throw new LifecycleInputError([
    {
      code: 'invalid_contact_id',
      path: ['contactId'],
      message: 'the new contact needs an id: a non-empty, well-formed string without surrounding spaces',
    },
  ]);
}

/**
 * Registers a visitor with an invitation for newcomers (`inviteNewcomers`): the code is checked first (in
 * constant time, against the stored hash), then the invitation, the address (one registration per address and
 * per contact), and the issuer's authority now. Returns a new contact in the invitation's account with its web
 * roles; the host writes the contact and the counted invitation together, only if the stored invitation still
 * has `expectedRedemptions` (see `registerWithStore`). Any refusal throws and changes nothing.
 *
 * @example
 * const { contact, invitation, expectedRedemptions } = await registerByInvitation(systemEnvironment, {
 *   policy, invitation, code, email: 'nina@example.com', contactId: 'nina',
 *   visitor: { kind: 'anonymous' }, issuer: abilityFor(policy, rita) });
 */
export async function registerByInvitation(
  environment: LifecycleEnvironment,
  input: InvitationRegistrationRequest,
): Promise<InvitationRegistration> {
  const request = ownFields(input);
  const { policy } = request;
  const invitation = ownFields(request.invitation);
  const now = instantOf(environment);
  await assertInvitationOpens(policy, invitation, request.code);
  const visitor: unknown = request.visitor;
  if (
    typeof visitor !== 'object' ||
    visitor === null ||
    !Object.hasOwn(visitor, 'kind') ||
    (visitor as Principal).kind !== 'anonymous'
  )
    throw new InvitationNewcomersOnlyError(['visitor']);
  if (invitation.audience !== 'newcomers') throw new InvitationNotForContactError(String(request.contactId));
  const email = emailKey(request.email);
  if (email === undefined) throw new LifecycleInputError([emailIssue(request.email, ['email'])]);
  const contact = newContact(invitation, request.contactId);
  const refusal = refusalFor(invitation, email, contact.id, now);
  if (refusal) throw refusal;
  if (typeof request.issuer !== 'object' || request.issuer === null) {
    throw new LifecycleInputError([
      {
        code: 'issuer_required',
        path: ['issuer'],
        message:
          "registration asks the issuer again; pass abilityFor(policy, issuer) for the principal the invitation's issuedBy names",
      },
    ]);
  }
  assertIssuerIdentity(policy, request.issuer, invitation, true);
  authorizeNewcomer(request.issuer, invitation);

  const updated: Invitation = {
    ...invitation,
    redemptions: invitation.redemptions + 1,
    redeemedContacts: [...invitation.redeemedContacts, contact.id],
    redeemedEmails: [...(invitation.redeemedEmails ?? []), email],
  };
  const event = auditEvent('invitation.redeemed', now, invitation.id, contact.id, {
    contactId: contact.id,
    email,
    accountId: invitation.assignToAccount ?? '',
    webRoles: contact.webRoles ?? [],
    redemptions: updated.redemptions,
  });
  return { contact, email, invitation: updated, expectedRedemptions: invitation.redemptions, event };
}
