import type { JsonPath } from '../base/errors.js';
import { LifecycleRefusal } from './refusals.js';

/** The presented invitation code does not match the invitation (wrong or tampered). */
export class InvitationCodeMismatchError extends LifecycleRefusal {
  override readonly name: string = 'InvitationCodeMismatchError';
  constructor() {
    super(
      'invitation_code_mismatch',
      'the invitation code is not valid; check the code or ask for a new invitation',
      {
        path: ['code'],
      },
    );
  }
}

/** The invitation's expiry instant has been reached (redeemable iff now < expiresAt, D10). */
export class InvitationExpiredError extends LifecycleRefusal {
  override readonly name: string = 'InvitationExpiredError';
  readonly expiresAt: number;
  constructor(expiresAt: number) {
    super(
      'invitation_expired',
      `the invitation expired at ${new Date(expiresAt).toISOString()}; issue a new one`,
      {
        path: ['expiresAt'],
      },
    );
    this.expiresAt = expiresAt;
  }
}

/** A group invitation has been redeemed `maxRedemptions` times. */
export class InvitationExhaustedError extends LifecycleRefusal {
  override readonly name: string = 'InvitationExhaustedError';
  constructor(maxRedemptions: number) {
    super(
      'invitation_exhausted',
      `the invitation was already redeemed ${maxRedemptions} time${maxRedemptions === 1 ? '' : 's'} (its maximum); issue a new one`,
      { path: ['redemptions'] },
    );
  }
}

/** The invitation was deactivated. */
export class InvitationInactiveError extends LifecycleRefusal {
  override readonly name: string = 'InvitationInactiveError';
  constructor() {
    super('invitation_inactive', 'the invitation is inactive; reactivate it or issue a new one', {
      path: ['status'],
    });
  }
}

/** This contact already redeemed this invitation (a single invitation redeems once). */
export class InvitationAlreadyRedeemedError extends LifecycleRefusal {
  override readonly name: string = 'InvitationAlreadyRedeemedError';
  constructor(contactId: string) {
    super(
      'invitation_already_redeemed',
      `contact "${contactId}" already redeemed this invitation; sign in instead`,
      {
        path: ['redeemedContacts'],
      },
    );
  }
}

/** The redeeming contact is not one the invitation was issued for. */
export class InvitationNotForContactError extends LifecycleRefusal {
  override readonly name: string = 'InvitationNotForContactError';
  constructor(contactId: string) {
    super(
      'invitation_not_for_contact',
      `the invitation was not issued for contact "${contactId}"; invite that contact`,
      {
        path: ['invitedContacts'],
      },
    );
  }
}

/** A contact cannot be invited or cannot redeem (no company or account number, or not in a usable state). */
export class ContactNotInvitableError extends LifecycleRefusal {
  override readonly name: string = 'ContactNotInvitableError';
  constructor(message: string, path: JsonPath) {
    super('contact_not_invitable', message, { path });
  }
}

/** The policy's registration settings switch this way of signing up off. */
export class RegistrationDisabledError extends LifecycleRefusal {
  override readonly name: string = 'RegistrationDisabledError';
  constructor(message: string) {
    super('registration_disabled', message, { path: ['registration'] });
  }
}

/**
 * The invitation registers people who are not contacts yet (`inviteNewcomers`): a contact, signed in or
 * named, never redeems it, so it cannot move anyone out of their company or add roles to an existing contact.
 */
export class InvitationNewcomersOnlyError extends LifecycleRefusal {
  override readonly name: string = 'InvitationNewcomersOnlyError';
  constructor(path: JsonPath = ['visitor']) {
    super(
      'invitation_newcomers_only',
      'this invitation registers someone who is not a contact yet; sign out to register with it, or ask for an invitation to your contact',
      { path },
    );
  }
}

/** Other redemptions of the same invitation kept changing it while this one was decided; nothing changed. */
export class InvitationBusyError extends LifecycleRefusal {
  override readonly name: string = 'InvitationBusyError';
  constructor(attempts: number) {
    super('invitation_busy', `the invitation changed under ${attempts} attempts to redeem it; try again`, {
      path: ['redemptions'],
    });
  }
}
