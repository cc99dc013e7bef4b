import type { Issue } from '../base/errors.js';
import type { AccountState } from '../principal/account-state.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { DAY_MS, instantOf, type LifecycleEnvironment } from './environment.js';
import { assertSeatsAvailable, type LicenceState } from './licence-pool.js';
import {
  AccountTransitionError,
  LifecycleInputError,
  RestoreWindowClosedError,
  StubUserError,
} from './refusals.js';

/** How long a soft-deleted account stays restorable; at exactly this age it can only be purged. */
export const RESTORE_WINDOW_MS = 30 * DAY_MS;

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

/**
 * Kept by the host beside a soft-deleted account (principal shapes stay strict): when it was deleted and
 * what state a restore brings back. A deleted user keeps its roles; its licence seat is free from deletion.
 */
export interface Deletion {
  readonly accountId: string;
  /** Epoch ms. */
  readonly at: number;
  /** Epoch ms; restorable iff now < restorableUntil. */
  readonly restorableUntil: number;
  readonly previousState: Exclude<AccountState, 'deleted' | 'purged'>;
}

/** A changed account and its audit event. */
export interface AccountTransition<TAccount extends LifecycleAccount> {
  readonly account: TAccount;
  readonly event: AuditEvent;
}

/**
 * True when an account is marked not enabled: any `enabled` but `true` or missing (a mistyped `'false'` or
 * `null` included) counts as not enabled, so a wrong type never signs anyone in.
 */
export function markedNotEnabled(account: Pick<LifecycleAccount, 'enabled'>): boolean {
  const enabled: unknown = account.enabled;
  return enabled !== undefined && enabled !== true;
}

/**
 * True when a user waits for a new invitation: any `invitationPending` but `false` or missing (a mistyped
 * `'false'` or `null` included) counts as pending, so a wrong type never signs anyone in.
 */
export function invitationPendingOf(account: Pick<LifecycleAccount, 'invitationPending'>): boolean {
  const pending: unknown = account.invitationPending;
  return pending !== undefined && pending !== false;
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
function effectiveState(account: LifecycleAccount): AccountState {
  const state = stateOf(account);
  return markedNotEnabled(account) && (state === 'active' || state === 'blocked') ? 'disabled' : state;
}

function requireState<TAccount extends LifecycleAccount>(
  account: TAccount,
  transition: string,
  allowed: readonly AccountState[],
  hint: string,
): void {
  const from = effectiveState(account);
  if (!allowed.includes(from)) throw new AccountTransitionError(transition, from, hint);
}

function withState<TAccount extends LifecycleAccount>(account: TAccount, state: AccountState): TAccount {
  const enabled =
    account.enabled === undefined
      ? {}
      : { enabled: state !== 'disabled' && state !== 'deleted' && state !== 'purged' };
  return { ...account, state, ...enabled };
}

function changed<TAccount extends LifecycleAccount>(
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

/** Soft-deletes an account: restorable for 30 days, then only purgeable. */
export function deleteAccount<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> & { readonly deletion: Deletion } {
  requireState(account, 'delete', ['active', 'blocked', 'disabled'], 'it is already deleted');
  const at = instantOf(environment);
  const previousState = effectiveState(account) as Deletion['previousState'];
  const deletion: Deletion = {
    accountId: account.id,
    at,
    restorableUntil: at + RESTORE_WINDOW_MS,
    previousState,
  };
  return { ...changed(environment, 'account.deleted', withState(account, 'deleted'), actorId), deletion };
}

/**
 * True once a deleted account's restore window has closed (at exactly 30 days). A window longer than 30 days
 * or an instant that is not a finite number never keeps an account restorable.
 */
export function isPurgeDue(deletion: Deletion, now: number): boolean {
  return !(now < Math.min(deletion.restorableUntil, deletion.at + RESTORE_WINDOW_MS));
}

const RESTORABLE_STATES: readonly AccountState[] = ['active', 'blocked', 'disabled'];

// A deletion record comes back from the host's storage: a made-up previous state or a non-finite instant
// must not turn a restore into an enable or a restore that never expires.
function assertValidDeletion(deletion: Deletion): void {
  const issues: Issue[] = [];
  if (!RESTORABLE_STATES.includes(deletion.previousState)) {
    issues.push({
      code: 'invalid_deletion',
      path: ['deletion', 'previousState'],
      message:
        "the deletion record's previousState must be active, blocked or disabled; pass the record deleteAccount returned",
    });
  }
  for (const field of ['at', 'restorableUntil'] as const) {
    if (!Number.isFinite(deletion[field])) {
      issues.push({
        code: 'invalid_deletion',
        path: ['deletion', field],
        message: `the deletion record's ${field} must be a finite epoch-ms instant; pass the record deleteAccount returned`,
      });
    }
  }
  if (issues.length > 0) throw new LifecycleInputError(issues);
}

/**
 * Restores a soft-deleted account inside its 30-day window to the state it had (its roles were kept, so they
 * come back with it); refused afterwards. A licensed user freed its seat when deleted, so restoring it takes
 * a seat again: pass the licence state, and the restore is refused when no seat is free.
 */
export function restoreAccount<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  deletion: Deletion,
  actorId?: string,
  licences?: LicenceState,
): AccountTransition<TAccount> {
  requireState(account, 'restore', ['deleted'], 'only a deleted account can be restored');
  if (deletion.accountId !== account.id) {
    throw new AccountTransitionError(
      'restore',
      'deleted',
      `the deletion record belongs to "${deletion.accountId}"`,
    );
  }
  assertValidDeletion(deletion);
  if (isPurgeDue(deletion, instantOf(environment)))
    throw new RestoreWindowClosedError(Math.min(deletion.restorableUntil, deletion.at + RESTORE_WINDOW_MS));
  assertSeatForRestore(environment, account, licences);
  return changed(environment, 'account.restored', withState(account, deletion.previousState), actorId);
}

// Any `licensed` but `false` or missing (a mistyped `'true'`) takes a seat: a wrong type never skips the count.
function assertSeatForRestore(
  environment: LifecycleEnvironment,
  account: LifecycleAccount,
  licences: LicenceState | undefined,
): void {
  const licensed: unknown = Object.hasOwn(account, 'licensed') ? account.licensed : undefined;
  if (licensed === undefined || licensed === false) return;
  if (licences === undefined) {
    throw new LifecycleInputError([
      {
        code: 'licences_required',
        path: ['licences'],
        message: `"${account.id}" is licensed and takes a seat again when restored; pass the licence state so the seat is counted`,
      },
    ]);
  }
  assertSeatsAvailable(licences, instantOf(environment), 1, {
    what: `restoring "${account.id}" takes back its licence seat`,
    instead: 'remove its licence (removeLicences) and restore it unlicensed',
  });
}

/** Purges a deleted account for good (early, or once its window closed); nothing can bring it back. */
export function purgeAccount<TAccount extends LifecycleAccount>(
  environment: LifecycleEnvironment,
  account: TAccount,
  actorId?: string,
): AccountTransition<TAccount> {
  requireState(account, 'purge', ['deleted'], 'delete it first');
  return changed(environment, 'account.purged', withState(account, 'purged'), actorId);
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
