import type { NameArgument } from '../ability/portal-subject.js';
import type { Issue } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, WebRoleOf } from '../policy/policy-types.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { DAY_MS, instantOf, type LifecycleEnvironment } from './environment.js';
import { invitabilityProblem, present, webRoleIssues } from './invitability.js';
import { RegistrationDisabledError } from './invitation-refusals.js';
import { assertSeatsAvailable, type LicenceState } from './licence-pool.js';
import { ownFields } from './own.js';
import { LifecycleInputError } from './refusals.js';
import { generateCode, generateId, hashCode } from './secret.js';

/** How long an invitation stays redeemable unless the caller says otherwise (D10). */
export const DEFAULT_INVITATION_LIFETIME_MS = 14 * DAY_MS;

/** Single: one contact, one redemption. Group: several contacts, up to `maxRedemptions`. */
export type InvitationType = 'single' | 'group';

/** An invitation as the host stores it: only the hash of its code, never the code. */
export interface Invitation {
  readonly id: string;
  readonly type: InvitationType;
  /** SHA-256 (hex) of the code handed to the invitee. */
  readonly codeHash: string;
  /** The contacts the invitation was issued for. */
  readonly invitedContacts: readonly string[];
  /**
   * Each invited contact's company and account number when the invitation was issued: redemption refuses a
   * contact that has moved since, because the issuer was authorized for the contact where it was.
   */
  readonly invitedAccounts?: readonly InvitedAccount[];
  /** The account number set on the redeeming contact (the contact's own unless overridden). */
  readonly assignToAccount?: string;
  /** Web roles added to the redeeming contact. */
  readonly assignWebRoles: readonly string[];
  readonly maxRedemptions: number;
  readonly redemptions: number;
  readonly redeemedContacts: readonly string[];
  /** Epoch ms. */
  readonly issuedAt: number;
  /** Epoch ms; redeemable iff now < expiresAt. `null` only when the issuer asked for "never" explicitly. */
  readonly expiresAt: number | null;
  readonly status: 'active' | 'inactive';
  /** The invitee takes a licence seat: the seat is held from issue until the invitation expires or is used up. */
  readonly holdsSeat: boolean;
  /** Who issued it (the request's `actorId`): redemption can re-check that actor's authority under the current policy. */
  readonly issuedBy?: string;
  /**
   * `newcomers` for an invitation that registers people who are not contacts yet (`inviteNewcomers`): only
   * `registerByInvitation` redeems it, and it names no contact. Absent for an invitation to existing contacts.
   */
  readonly audience?: 'newcomers';
  /** Newcomer invitations: the addresses it was sent to (`emailKey` form); empty for a group code. */
  readonly invitedEmails?: readonly string[];
  /** Newcomer invitations: the addresses that registered with it, one registration each. */
  readonly redeemedEmails?: readonly string[];
  /** Newcomer invitations: the company (legal entity) of `assignToAccount`, where new contacts are created. */
  readonly assignToLegalEntity?: string;
}

/** Where an invited contact was when the invitation was issued. */
export interface InvitedAccount {
  readonly contactId: string;
  /** `null` for a contact that had no account yet (the invitation assigns one). */
  readonly accountId: string | null;
  readonly legalEntity: string;
}

/**
 * What `createInvitation` needs. `TTypes` are the names of its policy; `TWebRole` the names `assignWebRoles`
 * accepts (every string by default).
 */
export interface CreateInvitationRequest<
  TTypes extends PolicyTypesLike = PolicyTypes,
  TWebRole extends string = string,
> {
  readonly policy: Policy<TTypes>;
  /** One contact for a single invitation; one or more for a group invitation. */
  readonly contacts: readonly ContactPrincipal[];
  readonly type?: InvitationType;
  /** Group invitations only (≥ 1); defaults to the number of invited contacts. */
  readonly maxRedemptions?: number;
  /** Web roles of the policy: written literally, declared ones (a typo does not compile). */
  readonly assignWebRoles?: readonly TWebRole[];
  readonly assignToAccount?: string;
  /**
   * Overrides the 14-day default: a finite instant after the issue instant, or `null` for an invitation that
   * never expires (an explicit choice; `Infinity` or an invalid date is refused).
   */
  readonly expiresAt?: Date | number | null;
  /** The invitee will take a licence seat: reserved now, so `licences` is required and must have room. */
  readonly holdsSeat?: boolean;
  readonly licences?: LicenceState;
  readonly id?: string;
  readonly actorId?: string;
}

/** A created invitation, its code (shown once, never stored) and the audit event. */
export interface CreatedInvitation {
  readonly invitation: Invitation;
  readonly code: string;
  readonly event: AuditEvent;
}

/**
 * What is wrong with the parts every invitation shares: its web roles, type, maximum redemptions and expiry.
 * `inviteNewcomers` checks the same, so both kinds of invitation keep one set of rules.
 */
export function invitationBasicsIssues(
  policy: Policy,
  request: {
    readonly assignWebRoles?: readonly string[] | undefined;
    readonly maxRedemptions?: number | undefined;
  },
  type: InvitationType,
  issuedAt: number,
  expiresAt: number | null,
): Issue[] {
  const issues = webRoleIssues(policy, request.assignWebRoles ?? [], ['assignWebRoles']);
  if (type !== 'single' && type !== 'group') {
    issues.push({
      code: 'invitation_type',
      path: ['type'],
      message: `invitation type "${String(type)}" is unknown; use "single" or "group"`,
    });
  }
  const max = request.maxRedemptions;
  if (max !== undefined && (type === 'single' ? max !== 1 : !Number.isSafeInteger(max) || max < 1)) {
    issues.push({
      code: 'invitation_max_redemptions',
      path: ['maxRedemptions'],
      message:
        type === 'single'
          ? 'a single invitation redeems once; omit maxRedemptions or use a group invitation'
          : 'maxRedemptions must be an integer ≥ 1',
    });
  }
  if (expiresAt !== null && !(Number.isFinite(expiresAt) && expiresAt > issuedAt)) {
    issues.push({
      code: 'invitation_expiry',
      path: ['expiresAt'],
      message: Number.isFinite(expiresAt)
        ? 'expiresAt must lie after the issue instant'
        : 'expiresAt must be a valid instant after the issue instant; pass null for an invitation that never expires',
    });
  }
  return issues;
}

function requestIssues(
  request: CreateInvitationRequest,
  type: InvitationType,
  issuedAt: number,
  expiresAt: number | null,
): Issue[] {
  const issues = invitationBasicsIssues(request.policy, request, type, issuedAt, expiresAt);
  if (request.contacts.length === 0 || (type === 'single' && request.contacts.length !== 1)) {
    issues.push({
      code: 'invitation_contacts',
      path: ['contacts'],
      message:
        type === 'single'
          ? 'a single invitation names exactly one contact'
          : 'a group invitation names at least one contact',
    });
  }
  if (request.assignToAccount !== undefined && !present(request.assignToAccount)) {
    issues.push({
      code: 'invitation_account',
      path: ['assignToAccount'],
      message: 'assignToAccount cannot be empty; omit it to keep the contact’s account',
    });
  }
  return issues;
}

/**
 * Reserves the seats a seat-holding invitation may fill (one per redemption left): refused without the licence
 * state or when the pool has no room for all of them.
 */
export function reserveInvitationSeats(
  request: { readonly holdsSeat?: boolean | undefined; readonly licences?: LicenceState | undefined },
  issuedAt: number,
  maxRedemptions: number,
): void {
  if (!request.holdsSeat) return;
  if (!request.licences) {
    throw new LifecycleInputError([
      {
        code: 'licences_required',
        path: ['licences'],
        message: 'a seat-holding invitation needs the licence state to reserve seats',
      },
    ]);
  }
  assertSeatsAvailable(request.licences, issuedAt, maxRedemptions);
}

/**
 * The expiry instant a request asks for: 14 days by default, `null` for never. Anything but a number, a Date
 * or null (a string, an object with a getTime field) becomes NaN, which `invitationBasicsIssues` refuses.
 */
export function expiryOf(requested: unknown, issuedAt: number): number | null {
  if (requested === undefined) return issuedAt + DEFAULT_INVITATION_LIFETIME_MS;
  if (requested === null || typeof requested === 'number') return requested;
  return requested instanceof Date ? requested.getTime() : Number.NaN;
}

/**
 * Issues an invitation for existing contacts. Refused unless invitations are on and every contact has a
 * company and a customer account number. The returned `code` is the only copy of the secret. A web role
 * written literally must be one the policy declares; one typed `string` is checked at run time.
 *
 * @example
 * const { invitation, code, event } = await createInvitation(systemEnvironment, {
 *   policy, contacts: [jane], assignWebRoles: ['Authorized user'] });
 */
export async function createInvitation<TTypes extends PolicyTypesLike, TWebRole extends string = string>(
  environment: LifecycleEnvironment,
  input: CreateInvitationRequest<TTypes, NameArgument<TWebRole, WebRoleOf<TTypes>>>,
): Promise<CreatedInvitation> {
  // The names were checked where it was called; the rules read the policy as a plain one.
  const request = ownFields(input as unknown as CreateInvitationRequest);
  if (!request.policy.registration.invitations) {
    throw new RegistrationDisabledError(
      'invitations are switched off in the policy; set registration.invitations to true',
    );
  }
  const type = request.type ?? 'single';
  const issuedAt = instantOf(environment);
  const expiresAt = expiryOf(request.expiresAt, issuedAt);
  const issues = requestIssues(request, type, issuedAt, expiresAt);
  if (issues.length > 0) throw new LifecycleInputError(issues);
  request.contacts.forEach((contact, index) => {
    const problem = invitabilityProblem(contact, index, request.assignToAccount !== undefined);
    if (problem) throw problem;
  });
  const maxRedemptions = type === 'single' ? 1 : (request.maxRedemptions ?? request.contacts.length);
  reserveInvitationSeats(request, issuedAt, maxRedemptions);

  const code = generateCode(environment);
  const invitation: Invitation = {
    id: request.id ?? generateId(environment, 'inv'),
    type,
    codeHash: await hashCode(code),
    invitedContacts: request.contacts.map((contact) => contact.id),
    // invitabilityProblem has checked the legal entity, and the account number unless the invitation assigns one.
    invitedAccounts: request.contacts.map((contact) => ({
      contactId: contact.id,
      accountId: present(contact.accountId) ? contact.accountId : null,
      legalEntity: contact.legalEntity as string,
    })),
    ...(request.assignToAccount === undefined ? {} : { assignToAccount: request.assignToAccount }),
    assignWebRoles: [...(request.assignWebRoles ?? [])],
    maxRedemptions,
    redemptions: 0,
    redeemedContacts: [],
    issuedAt,
    expiresAt,
    status: 'active',
    holdsSeat: request.holdsSeat ?? false,
    ...(present(request.actorId) ? { issuedBy: request.actorId } : {}),
  };
  const event = auditEvent('invitation.created', issuedAt, invitation.id, request.actorId, {
    type,
    invitedContacts: invitation.invitedContacts,
    expiresAt: expiresAt ?? 'never',
  });
  return { invitation, code, event };
}

/** True while an invitation can still be redeemed by someone: active, unexpired and not used up. */
export function isPending(invitation: Invitation, now: number): boolean {
  return (
    invitation.status === 'active' &&
    (invitation.expiresAt === null || now < invitation.expiresAt) &&
    invitation.redemptions < invitation.maxRedemptions
  );
}

/** Deactivates an invitation (it can no longer be redeemed and releases any seat it held). */
export function deactivateInvitation(
  environment: LifecycleEnvironment,
  invitation: Invitation,
  actorId?: string,
): { readonly invitation: Invitation; readonly event: AuditEvent } {
  const at = instantOf(environment);
  return {
    invitation: { ...invitation, status: 'inactive' },
    event: auditEvent('invitation.deactivated', at, invitation.id, actorId),
  };
}
