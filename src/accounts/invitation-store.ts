import type { LifecycleEnvironment } from './environment.js';
import type { Invitation } from './invitation.js';
import { InvitationBusyError, InvitationCodeMismatchError } from './invitation-refusals.js';
import {
  type InvitationRegistration,
  type InvitationRegistrationRequest,
  registerByInvitation,
} from './invitation-registration.js';
import { ownFields } from './own.js';
import { hashCode, isCodeShaped } from './secret.js';

/** How many times `registerWithStore` decides again after another redemption changed the invitation first. */
export const REGISTRATION_ATTEMPTS = 8;

/**
 * Where a host keeps invitations, as registration needs it. `commitRegistration` is the one atomic step: a
 * compare-and-set on `redemptions`, so that two registrations decided on the same count never both land.
 *
 * @example
 * // PostgreSQL, in one transaction:
 * // UPDATE invitation SET data = $2, redemptions = $3 WHERE id = $1 AND redemptions = $4  (0 rows: return false)
 * // INSERT INTO contact … (a unique index on the address refuses a second contact for it)
 */
export interface InvitationStore {
  /** The stored invitation whose `codeHash` is `codeHash`, or undefined. */
  findByCodeHash(codeHash: string): Promise<Invitation | undefined>;
  /**
   * Atomically: when the stored invitation `registration.invitation.id` still has `expectedRedemptions`,
   * replace it with `registration.invitation` and create `registration.contact`, and answer true; otherwise
   * change nothing and answer false.
   */
  commitRegistration(registration: InvitationRegistration): Promise<boolean>;
}

/**
 * Registers a visitor with a code through the host's store: finds the invitation by the code's hash, decides
 * (`registerByInvitation`), and writes with the store's compare-and-set. When another redemption changed the
 * invitation in between, it reads it again and decides again (so the last free place goes to one person and
 * the others are refused as exhausted), up to `REGISTRATION_ATTEMPTS` times, then refuses with `InvitationBusyError`.
 *
 * @example
 * const { contact } = await registerWithStore(systemEnvironment, store, {
 *   policy, code, email, contactId, visitor: request.ability.principal, issuerOf: (id) => abilityOfIssuer(id) });
 */
export async function registerWithStore(
  environment: LifecycleEnvironment,
  store: InvitationStore,
  input: Omit<InvitationRegistrationRequest, 'invitation' | 'issuer'> & {
    /** The ability of the invitation's issuer (`invitation.issuedBy`) under `policy`, as it is now. */
    readonly issuerOf: (
      issuedBy: string,
      invitation: Invitation,
    ) => InvitationRegistrationRequest['issuer'] | Promise<InvitationRegistrationRequest['issuer']>;
  },
): Promise<InvitationRegistration> {
  const request = ownFields(input);
  if (!isCodeShaped(request.code)) throw new InvitationCodeMismatchError();
  const codeHash = await hashCode(request.code);
  for (let attempt = 0; attempt < REGISTRATION_ATTEMPTS; attempt++) {
    const invitation = await store.findByCodeHash(codeHash);
    if (invitation === undefined) throw new InvitationCodeMismatchError();
    const issuedBy: unknown = Object.hasOwn(invitation, 'issuedBy') ? invitation.issuedBy : undefined;
    const issuer = await request.issuerOf(typeof issuedBy === 'string' ? issuedBy : '', invitation);
    const { issuerOf: _issuerOf, ...rest } = request;
    const registration = await registerByInvitation(environment, { ...rest, invitation, issuer });
    if (await store.commitRegistration(registration)) return registration;
  }
  throw new InvitationBusyError(REGISTRATION_ATTEMPTS);
}
