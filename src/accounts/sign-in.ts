import { closedSignInGates, type GateName } from '../principal/principal-gates.js';
import type { LifecycleAccount } from './account-state.js';
import { SignInRefusedError, StubUserError } from './refusals.js';

/** An interactive (web UI) session or an API/SDK session. */
export type SessionKind = 'interactive' | 'api';

/** The refusal's reason and message for each gate that can refuse a session (the gates decide, this words). */
const REFUSALS: Partial<Record<GateName, (account: LifecycleAccount) => readonly [string, string]>> = {
  accountState: (account) => [
    `account_${account.state}`,
    `the account is ${account.state}; an administrator must make it active first`,
  ],
  disabled: () => ['account_disabled', 'the account is disabled; an administrator must make it active first'],
  invitationPending: () => [
    'invitation_pending',
    'the user was re-enabled and must accept a new invitation first; send one and have the user accept it (acceptReinvitation)',
  ],
  applicationSession: () => [
    'application_user',
    'an application user is a server-to-server identity and never signs in interactively; use an API session',
  ],
  nonInteractiveSession: () => [
    'non_interactive',
    'a non-interactive user can only use API sessions; sign in through the API',
  ],
};

/**
 * Throws unless the account may start a session of this kind, by the principal gates that govern sign-in
 * (`PRINCIPAL_GATES`): it must be active (and enabled), not a stub, not waiting for a new invitation, and
 * non-interactive users and application users (server-to-server identities) may use only API sessions. A
 * stub is refused as a stub whatever else holds: it can never sign in.
 */
export function assertCanSignIn(
  account: LifecycleAccount & { readonly accessMode?: string | undefined },
  session: SessionKind,
): void {
  const closed = closedSignInGates(account, session);
  if (closed.some(({ gate }) => gate === 'stub')) throw new StubUserError('signed in');
  const first = closed[0];
  if (first === undefined) return;
  const refusal = REFUSALS[first.gate];
  const [reason, message] = refusal ? refusal(account) : [first.denial.code, first.denial.message];
  throw new SignInRefusedError(reason, message);
}
