import type { PortalAbility } from '../../ability/ability.js';
import type { ContactPrincipal } from '../../principal/contact.js';
import { webRoleIssues } from '../invitability.js';
import { LifecycleInputError, WebRoleElevationError } from '../refusals.js';
import { authorize } from './authorize.js';

/** What an invitation does to the contacts it names: the part of it an inviter must be allowed. */
export interface InvitationEffect {
  readonly assignToAccount?: string | undefined;
  readonly assignWebRoles?: readonly string[] | undefined;
  readonly holdsSeat?: boolean | undefined;
}

const hasAccount = (contact: { readonly accountId?: unknown }): boolean =>
  typeof contact.accountId === 'string' && contact.accountId !== '';

/**
 * Authorizes inviting one contact, on the contact as it is and as redemption will leave it (its new account,
 * its web roles): `invite` on both; `assignRole` when web roles are assigned; `updateUser` when the contact
 * moves from one account to another; `assignLicense` when a seat is held. Returns the actor's id.
 */
export function authorizeInvitedContact(
  actor: PortalAbility,
  contact: ContactPrincipal,
  effect: InvitationEffect,
): string {
  const roles = effect.assignWebRoles ?? [];
  // What redemption will make of the contact: it is that contact the actor must be allowed to reach.
  const redeemed = {
    ...contact,
    ...(effect.assignToAccount === undefined ? {} : { accountId: effect.assignToAccount }),
    webRoles: [...new Set([...(contact.webRoles ?? []), ...roles])],
  };
  // A contact with no account yet is reached by nobody's account limit: the invitation is authorized on its
  // effect, so an account-limited inviter may give it their own account and no other.
  const placed = hasAccount(contact);
  const moved = placed && redeemed.accountId !== contact.accountId;
  let actorId = '';
  for (const version of placed ? [contact, redeemed] : [redeemed]) {
    actorId = authorize(actor, 'invite', version);
    if (roles.length > 0) authorize(actor, 'assignRole', version);
    if (moved) authorize(actor, 'updateUser', version);
    if (effect.holdsSeat) authorize(actor, 'assignLicense', version);
  }
  return actorId;
}

/**
 * Web roles are a contact's data privileges: a contact may hand out only those it holds itself. An internal
 * user allowed `assignRole` on the contact may hand out any web role the policy defines (web roles are not
 * part of an internal user's own privileges, which live in security roles).
 */
export function assertMayHandOutWebRole(actor: PortalAbility, role: string): void {
  if (!actor.policy.webRoles.some((candidate) => candidate.name === role)) {
    throw new LifecycleInputError([
      {
        code: 'unknown_web_role',
        path: ['role'],
        message: `web role "${role}" is not defined by the policy`,
      },
    ]);
  }
  // The Anonymous and Authenticated users roles are held automatically; assigning one is never meant.
  const builtIn = webRoleIssues(actor.policy, [role], ['role']);
  if (builtIn.length > 0)
    throw new LifecycleInputError(builtIn.map((issue) => ({ ...issue, path: ['role'] })));
  const { principal } = actor;
  if (principal.kind === 'contact' && !(principal.webRoles ?? []).includes(role)) {
    throw new WebRoleElevationError(role);
  }
}
