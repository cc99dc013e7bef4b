import { invitationPendingOf, type LifecycleAccount, markedNotEnabled, stateOf } from './account-state.js';
import { SignInRefusedError, StubUserError } from './refusals.js';

/** An interactive (web UI) session or an API/SDK session. */
export type SessionKind = 'interactive' | 'api';

/**
 * Throws unless the account may start a session of this kind: it must be active (and enabled), not a stub,
 * not waiting for a new invitation, and non-interactive users and application users (server-to-server
 * identities) may use only API sessions.
 */
export function assertCanSignIn(
  account: LifecycleAccount & { readonly accessMode?: string | undefined },
  session: SessionKind,
): void {
  if (account.userType === 'stub') throw new StubUserError('signed in');
  const state = stateOf(account);
  if (state !== 'active' || markedNotEnabled(account)) {
    const reason = state === 'active' ? 'disabled' : state;
    throw new SignInRefusedError(
      `account_${reason}`,
      `the account is ${reason}; an administrator must make it active first`,
    );
  }
  if (invitationPendingOf(account)) {
    throw new SignInRefusedError(
      'invitation_pending',
      'the user was re-enabled and must accept a new invitation first; send one and have the user accept it (acceptReinvitation)',
    );
  }
  if (account.userType === 'application' && session !== 'api') {
    throw new SignInRefusedError(
      'application_user',
      'an application user is a server-to-server identity and never signs in interactively; use an API session',
    );
  }
  if (account.accessMode === 'non-interactive' && session === 'interactive') {
    throw new SignInRefusedError(
      'non_interactive',
      'a non-interactive user can only use API sessions; sign in through the API',
    );
  }
}
