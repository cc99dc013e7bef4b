import {
  type AccountTransition,
  invitationPendingOf,
  type LifecycleAccount,
  markedNotEnabled,
  stateOf,
} from './account-state.js';
import { auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { AccountTransitionError } from './refusals.js';

/**
 * Records that a re-enabled user accepted the new invitation `enableAccount` sent: sign-in and data access
 * come back. Refused unless the account is active and an invitation is pending.
 *
 * @example
 * const { account } = acceptReinvitation(systemEnvironment, enabled.account);
 */
export function acceptReinvitation<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
): AccountTransition<TAccount> {
  const state = stateOf(account);
  if (state !== 'active' || markedNotEnabled(account)) {
    throw new AccountTransitionError(
      'accept an invitation for',
      state === 'active' ? 'disabled' : state,
      'only an active account can accept an invitation',
    );
  }
  if (!invitationPendingOf(account)) {
    throw new AccountTransitionError(
      'accept an invitation for',
      state,
      'no invitation is pending; the user can sign in already',
    );
  }
  const next = { ...account, invitationPending: false };
  return {
    account: next,
    event: auditEvent('account.reinvitationAccepted', instantOf(environment), account.id, account.id, {
      state,
    }),
  };
}
