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
import { invitabilityProblem, webRoleIssues } from './invitability.js';
import type { Invitation } from './invitation.js';
import {
  ContactNotInvitableError,
  InvitationAlreadyRedeemedError,
  InvitationCodeMismatchError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNotForContactError,
  RegistrationDisabledError,
} from './invitation-refusals.js';
import { ownFields } from './own.js';
import { LifecycleInputError } from './refusals.js';
import { constantTimeEqual, hashCode } from './secret.js';

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

const SHA256_HEX = /^[0-9a-f]{64}$/;
const isCount = (value: unknown): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * What makes a stored invitation unusable now: counts or an expiry that are not numbers (every comparison
 * with NaN is false, so it would never expire or never run out), and an account or web roles that the
 * current policy no longer accepts (a role deleted or turned into a built-in role since the invitation was
 * issued must not be handed out by it).
 */
function storedInvitationIssues(policy: Policy, invitation: Invitation): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['maxRedemptions', 'redemptions'] as const) {
    if (!isCount(invitation[field])) {
      issues.push({
        code: 'invalid_invitation',
        path: ['invitation', field],
        message: `the invitation's ${field} must be a whole number ≥ 0; issue a new invitation`,
      });
    }
  }
  const { expiresAt } = invitation;
  if (expiresAt !== null && !(typeof expiresAt === 'number' && Number.isFinite(expiresAt))) {
    issues.push({
      code: 'invalid_invitation',
      path: ['invitation', 'expiresAt'],
      message: 'the invitation expires at a finite epoch-ms instant, or never (null); issue a new invitation',
    });
  }
  const account = invitation.assignToAccount;
  if (account !== undefined && !(typeof account === 'string' && account !== '')) {
    issues.push({
      code: 'invalid_invitation',
      path: ['invitation', 'assignToAccount'],
      message: 'the invitation assigns an empty or malformed account; issue a new invitation',
    });
  }
  if (invitation.invitedAccounts !== undefined && !Array.isArray(invitation.invitedAccounts)) {
    issues.push({
      code: 'invalid_invitation',
      path: ['invitation', 'invitedAccounts'],
      message: "the invitation's invitedAccounts must be a list; issue a new invitation",
    });
  }
  // Checked before the names are looked up: a name that is not a string has no did-you-mean to compute.
  const roles: unknown = invitation.assignWebRoles;
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    issues.push({
      code: 'invalid_invitation',
      path: ['invitation', 'assignWebRoles'],
      message: "the invitation's assignWebRoles must be a list of web role names; issue a new invitation",
    });
    return issues;
  }
  for (const problem of webRoleIssues(policy, roles, ['invitation', 'assignWebRoles'])) {
    issues.push({ ...problem, message: `${problem.message}; issue a new invitation` });
  }
  return issues;
}

function assertIssuerStillMay(
  policy: Policy,
  issuer: PortalAbility,
  invitation: Invitation,
  contact: ContactPrincipal,
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
  if (issuedBy !== undefined && actorIdOf(issuer) !== issuedBy) {
    problems.push({
      code: 'issuer_mismatch',
      path: ['issuer'],
      message: `the invitation was issued by "${String(issuedBy)}"; pass that principal's ability`,
    });
  }
  if (problems.length > 0) throw new LifecycleInputError(problems);
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
  if (!policy.registration.invitations) {
    throw new RegistrationDisabledError(
      'invitations are switched off in the policy; set registration.invitations to true',
    );
  }
  const stored: unknown = invitation.codeHash;
  if (typeof stored !== 'string' || !SHA256_HEX.test(stored)) {
    throw new LifecycleInputError([
      {
        code: 'invalid_code_hash',
        path: ['invitation', 'codeHash'],
        message:
          'the stored code hash is not a SHA-256 hex digest; store the codeHash createInvitation returned',
      },
    ]);
  }
  // A code that is not a non-empty string matches nothing: it is never turned into a hash of ''.
  const code: unknown = request.code;
  if (typeof code !== 'string' || code === '') throw new InvitationCodeMismatchError();
  if (!constantTimeEqual(await hashCode(code), stored)) throw new InvitationCodeMismatchError();
  const problems = storedInvitationIssues(policy, invitation);
  if (problems.length > 0) throw new LifecycleInputError(problems);
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
