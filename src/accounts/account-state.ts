import type { AccountState } from '../principal/account-state.js';
import { isFlagSet, isMarkedNotEnabled } from '../principal/principal-gates.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { AccountTransitionError, StubUserError } from './refusals.js';

/** The part of a contact or internal user the account transitions read and write. */
export interface LifecycleAccount {
  readonly id: string;
  readonly state?: AccountState | undefined;
  readonly mustChangePassword?: boolean | undefined;
  /** Internal users only: kept in step with the state (`disabled` ⇔ not enabled). */
  readonly enabled?: boolean | undefined;
  /** Internal users only: stub users can be neither enabled nor signed in. */
  readonly userType?: string | undefined;
  /** Internal users only: a licensed user takes a seat again when restored. */
  readonly licensed?: boolean | undefined;
  /** Internal users only: re-enabled, and no sign-in until a new invitation is accepted (seed 002). */
  readonly invitationPending?: boolean | undefined;
}

/** A changed account and its audit event. */
export interface AccountTransition<TAccount extends LifecycleAccount> {
  readonly account: TAccount;
  readonly event: AuditEvent;
}

/**
 * True when an account is marked not enabled: any `enabled` but `true` or missing (a mistyped `'false'` or
 * `null` included) counts as not enabled, so a wrong type never signs anyone in. The `disabled` gate's test.
 */
export function markedNotEnabled(account: Pick<LifecycleAccount, 'enabled'>): boolean {
  return isMarkedNotEnabled(account);
}

/**
 * True when a user waits for a new invitation: any `invitationPending` but `false` or missing (a mistyped
 * `'false'` or `null` included) counts as pending, so a wrong type never signs anyone in. The
 * `invitationPending` gate's test.
 */
export function invitationPendingOf(account: Pick<LifecycleAccount, 'invitationPending'>): boolean {
  return isFlagSet(account.invitationPending);
}

/** Internal users carry `enabled` (or say `kind: 'user'`); contacts have neither. */
function isInternalUser(account: LifecycleAccount): boolean {
  return account.enabled !== undefined || (account as { readonly kind?: unknown }).kind === 'user';
}

/** The state of an account, `active` when unset. */
export function stateOf(account: LifecycleAccount): AccountState {
  return account.state ?? 'active';
}

/**
 * The state the transitions reason about: a user marked not enabled is disabled whatever its `state` says,
 * so that no pair of allowed transitions (block then unblock, delete then restore) can enable it.
 */
export function effectiveState(account: LifecycleAccount): AccountState {
  const state = stateOf(account);
  return markedNotEnabled(account) && (state === 'active' || state === 'blocked') ? 'disabled' : state;
}

/** Refuses `transition` unless the account's effective state is one of `allowed`. */
export function requireState<TAccount extends LifecycleAccount>(
  account: TAccount,
  transition: string,
  allowed: readonly AccountState[],
  hint: string,
): void {
  const from = effectiveState(account);
  if (!allowed.includes(from)) throw new AccountTransitionError(transition, from, hint);
}

/** The account in `state`, with a user's `enabled` kept in step. */
export function withState<TAccount extends LifecycleAccount>(
  account: TAccount,
  state: AccountState,
): TAccount {
  const enabled =
    account.enabled === undefined
      ? {}
      : { enabled: state !== 'disabled' && state !== 'deleted' && state !== 'purged' };
  return { ...account, state, ...enabled };
}

/** The changed account with its audit event. */
export function changed<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  type: string,
  account: TAccount,
  actorId: string | undefined,
): AccountTransition<TAccount> {
  return {
    account,
    event: auditEvent(type, instantOf(environment), account.id, actorId, { state: stateOf(account) }),
  };
}

/** Blocks sign-in (an active account only); the account keeps everything else. */
export function blockSignIn<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  requireState(account, 'block sign-in of', ['active'], 'only an active account can be blocked');
  return changed(environment, 'account.signInBlocked', withState(account, 'blocked'), actorId);
}

/** Lifts a sign-in block. */
export function unblockSignIn<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  requireState(account, 'unblock sign-in of', ['blocked'], 'only a blocked account can be unblocked');
  return changed(environment, 'account.signInUnblocked', withState(account, 'active'), actorId);
}

/** Disables an active or blocked account; roles and licences are retained. */
export function disableAccount<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  requireState(account, 'disable', ['active', 'blocked'], 'restore or re-create the account instead');
  return changed(environment, 'account.disabled', withState(account, 'disabled'), actorId);
}

/**
 * Enables a disabled account (a user marked not enabled counts as disabled); stub users are refused. An
 * internal user comes back with `invitationPending: true`: enabling sends a new invitation, and the user
 * neither signs in nor reaches data until accepting it (`acceptReinvitation`; seed 002).
 */
export function enableAccount<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  if (account.userType === 'stub') throw new StubUserError('enabled');
  requireState(account, 'enable', ['disabled'], 'only a disabled account can be enabled');
  // Enabling lifts the disable only: a sign-in block set beside it stays for whoever may lift blocks.
  const next = stateOf(account) === 'blocked' ? 'blocked' : 'active';
  const enabled = withState(account, next);
  return changed(
    environment,
    'account.enabled',
    isInternalUser(account) ? { ...enabled, invitationPending: true } : enabled,
    actorId,
  );
}

/** Resets a password: until it is changed the principal reaches no data and may only call `changePassword`. */
export function resetPassword<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  if (account.userType === 'stub') throw new StubUserError('signed in');
  requireState(account, 'reset the password of', ['active', 'blocked', 'disabled'], 'restore it first');
  return changed(environment, 'account.passwordReset', { ...account, mustChangePassword: true }, actorId);
}

/** Records that the principal chose a new password, lifting the password-change gate. */
export function changePassword<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
): AccountTransition<TAccount> {
  requireState(account, 'change the password of', ['active'], 'only an active account can sign in');
  return changed(
    environment,
    'account.passwordChanged',
    { ...account, mustChangePassword: false },
    account.id,
  );
}
