import type { Issue } from '../base/errors.js';
import type { AccountState } from '../principal/account-state.js';
import {
  type AccountTransition,
  changed,
  effectiveState,
  type LifecycleAccount,
  requireState,
  withState,
} from './account-state.js';
import { DAY_MS, instantOf, type LifecycleEnvironment } from './environment.js';
import { assertSeatsAvailable, type LicenceState } from './licence-pool.js';
import { AccountTransitionError, LifecycleInputError, RestoreWindowClosedError } from './refusals.js';

/** How long a soft-deleted account stays restorable; at exactly this age it can only be purged. */
export const RESTORE_WINDOW_MS = 30 * DAY_MS;

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
