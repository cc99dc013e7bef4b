import type { PortalAbility } from '../ability/ability.js';
import type { NameArgument } from '../ability/portal-subject.js';
import type { Issue } from '../base/errors.js';
import { isWellFormedText } from '../base/well-formed.js';
import type { PolicyTypesLike, WebRoleOf } from '../policy/policy-types.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { actorIdOf, authorize } from './administrative-roles/authorize.js';
import { assertMayHandOutWebRole } from './administrative-roles/invitation-authority.js';
import { auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { present } from './invitability.js';
import {
  type CreatedInvitation,
  expiryOf,
  type Invitation,
  type InvitationType,
  invitationBasicsIssues,
  reserveInvitationSeats,
} from './invitation.js';
import { emailIssue, emailKey } from './invitation-email.js';
import { RegistrationDisabledError } from './invitation-refusals.js';
import type { LicenceState } from './licence-pool.js';
import { ownFields } from './own.js';
import { LifecycleInputError, OperationNotAllowedError } from './refusals.js';
import { generateCode, generateId, hashCode } from './secret.js';

/** The customer account new contacts are created in: its number and its company (legal entity). */
export interface NewcomerAccount {
  readonly accountId: string;
  readonly legalEntity: string;
}

/**
 * What `inviteNewcomers` needs: who may register, into which account, with which roles, until when.
 * `TWebRole` are the names `assignWebRoles` accepts (every string by default).
 */
export interface NewcomerInvitationRequest<TWebRole extends string = string> {
  /** Single: one email address, one registration. Group: a code up to `maxRedemptions` new people register with. */
  readonly type?: InvitationType;
  /** Single: exactly one address. Group: optional; when given, only these addresses may register. */
  readonly emails?: readonly string[];
  /** Group invitations: how many people may register (≥ 1); required for a group code without emails. */
  readonly maxRedemptions?: number;
  /** Web roles of the actor's policy: written literally, declared ones (a typo does not compile). */
  readonly assignWebRoles?: readonly TWebRole[];
  /** Where new contacts are created; defaults to the inviting contact's own account and company. */
  readonly account?: NewcomerAccount;
  /** As for `createInvitation`: 14 days by default, a later instant, or `null` for never. */
  readonly expiresAt?: Date | number | null;
  /** Each newcomer takes a licence seat: reserved now for every registration left (`licences` required). */
  readonly holdsSeat?: boolean;
  readonly licences?: LicenceState;
  readonly id?: string;
}

/** What an invitation for newcomers does: the account and roles each new contact gets, and a seat. */
export interface NewcomerEffect {
  readonly assignToAccount?: string | undefined;
  readonly assignToLegalEntity?: string | undefined;
  readonly assignWebRoles?: readonly string[] | undefined;
  readonly holdsSeat?: boolean | undefined;
}

/** The contact a newcomer invitation will create, as the administrative checks see it. */
export function newcomerOf(effect: NewcomerEffect, id = 'newcomer'): ContactPrincipal {
  return {
    kind: 'contact',
    id,
    accountId: effect.assignToAccount ?? null,
    legalEntity: effect.assignToLegalEntity ?? null,
    webRoles: [...(effect.assignWebRoles ?? [])],
    state: 'active',
    registeredVia: 'invitation',
  };
}

/**
 * Authorizes bringing a new contact in, on the contact it will be (its account, its company, its web roles):
 * `invite` on it, `assignRole` and handing out each web role when it gets roles, `assignLicense` when it takes a
 * seat. `invite` is the power to bring people in, as Entra's guest inviters create the guest they invite; no
 * separate `createUser` is asked. Returns the actor's id.
 */
export function authorizeNewcomer(actor: PortalAbility, effect: NewcomerEffect): string {
  const newcomer = newcomerOf(effect);
  const roles = effect.assignWebRoles ?? [];
  const actorId = authorize(actor, 'invite', newcomer);
  if (roles.length > 0) authorize(actor, 'assignRole', newcomer);
  for (const role of roles) assertMayHandOutWebRole(actor, role);
  if (effect.holdsSeat) authorize(actor, 'assignLicense', newcomer);
  return actorId;
}

function accountOf(actor: PortalAbility, requested: NewcomerAccount | undefined): NewcomerAccount | Issue {
  const { principal } = actor;
  const account = requested === undefined ? undefined : ownFields(requested);
  const accountId = account
    ? account.accountId
    : principal.kind === 'contact'
      ? principal.accountId
      : undefined;
  const legalEntity = account
    ? account.legalEntity
    : principal.kind === 'contact'
      ? principal.legalEntity
      : undefined;
  const usable = (value: string | null | undefined): value is string =>
    present(value) && isWellFormedText(value);
  if (usable(accountId) && usable(legalEntity)) return { accountId, legalEntity };
  return {
    code: 'invitation_account',
    path: ['account'],
    message:
      'a newcomer invitation creates contacts in one customer account; name it with account: { accountId, legalEntity }, non-empty well-formed strings (a contact inviting into its own account may omit it)',
  };
}

function emailsOf(
  type: InvitationType,
  emails: readonly unknown[],
  maxRedemptions?: number,
): { readonly keys: string[]; readonly issues: Issue[] } {
  const issues: Issue[] = [];
  const keys = new Set<string>();
  emails.forEach((email, index) => {
    const key = emailKey(email);
    if (key === undefined) issues.push(emailIssue(email, ['emails', index]));
    else if (keys.has(key))
      issues.push({
        code: 'invitation_emails',
        path: ['emails', index],
        message: `"${key}" is listed twice`,
      });
    else keys.add(key);
  });
  if (type === 'single' && emails.length !== 1) {
    issues.push({
      code: 'invitation_emails',
      path: ['emails'],
      message:
        'a single invitation names exactly one email address; use a group invitation for a shared code',
    });
  }
  if (type === 'group' && emails.length === 0 && maxRedemptions === undefined) {
    issues.push({
      code: 'invitation_max_redemptions',
      path: ['maxRedemptions'],
      message: 'a group code for anyone needs maxRedemptions: how many people may register with it',
    });
  }
  return { keys: [...keys], issues };
}

/**
 * Invites people who are not contacts yet: by email address (single), or with a group code up to
 * `maxRedemptions` new people register with. Each registration (`registerByInvitation`) creates one contact in
 * the invitation's account with its web roles. Authorized now on that contact-to-be (`authorizeNewcomer`), and
 * again at each registration under the policy of that moment. The returned `code` is the only copy of the secret.
 * A web role written literally must be one the actor's policy declares; one typed `string` is checked at run time.
 *
 * @example
 * const { invitation, code } = await inviteNewcomers(abilityFor(policy, rita), systemEnvironment, {
 *   emails: ['nina@example.com'], assignWebRoles: ['Authorized user'] });
 */
export async function inviteNewcomers<TTypes extends PolicyTypesLike, TWebRole extends string = string>(
  actor: PortalAbility<TTypes>,
  environment: LifecycleEnvironment,
  input: NewcomerInvitationRequest<NameArgument<TWebRole, WebRoleOf<TTypes>>>,
): Promise<CreatedInvitation> {
  return invite(actor as unknown as PortalAbility, environment, input);
}

/** `inviteNewcomers` once its names are checked: the rules read the actor and the roles as plain strings. */
async function invite(
  actor: PortalAbility,
  environment: LifecycleEnvironment,
  input: NewcomerInvitationRequest,
): Promise<CreatedInvitation> {
  const request = ownFields(input);
  const { policy } = actor;
  if (actorIdOf(actor) === undefined) {
    throw new OperationNotAllowedError('invite', '', 'a visitor invites nobody: sign in first');
  }
  if (!policy.registration.invitations) {
    throw new RegistrationDisabledError(
      'invitations are switched off in the policy; set registration.invitations to true',
    );
  }
  const type = request.type ?? 'single';
  const issuedAt = instantOf(environment);
  const expiresAt = expiryOf(request.expiresAt, issuedAt);
  const issues = invitationBasicsIssues(policy, request, type, issuedAt, expiresAt);
  const emails = emailsOf(type, Array.isArray(request.emails) ? request.emails : [], request.maxRedemptions);
  const account = accountOf(actor, request.account);
  if (!('accountId' in account)) issues.push(account);
  issues.push(...emails.issues);
  if (issues.length > 0 || !('accountId' in account)) throw new LifecycleInputError(issues);
  const invitedEmails = emails.keys;
  const effect: NewcomerEffect = {
    assignToAccount: account.accountId,
    assignToLegalEntity: account.legalEntity,
    assignWebRoles: request.assignWebRoles ?? [],
    holdsSeat: request.holdsSeat ?? false,
  };
  const actorId = authorizeNewcomer(actor, effect);
  const maxRedemptions = type === 'single' ? 1 : (request.maxRedemptions ?? invitedEmails.length);
  reserveInvitationSeats(request, issuedAt, maxRedemptions);

  const code = generateCode(environment);
  const invitation: Invitation = {
    id: request.id ?? generateId(environment, 'inv'),
    type,
    codeHash: await hashCode(code),
    audience: 'newcomers',
    invitedContacts: [],
    invitedEmails,
    redeemedEmails: [],
    assignToAccount: account.accountId,
    assignToLegalEntity: account.legalEntity,
    assignWebRoles: [...(request.assignWebRoles ?? [])],
    maxRedemptions,
    redemptions: 0,
    redeemedContacts: [],
    issuedAt,
    expiresAt,
    status: 'active',
    holdsSeat: request.holdsSeat ?? false,
    issuedBy: actorId,
  };
  const event = auditEvent('invitation.created', issuedAt, invitation.id, actorId, {
    type,
    audience: 'newcomers',
    invitedEmails,
    maxRedemptions,
    accountId: account.accountId,
    expiresAt: expiresAt ?? 'never',
  });
  return { invitation, code, event };
}
