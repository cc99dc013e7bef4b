import { ACCESS_MODES } from '../principal/user.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { LifecycleInputError, NonInteractiveLimitError } from './refusals.js';
import type { AccessMode, LifecycleUser } from './user.js';

/** At most this many non-interactive users per environment; application users do not count (SPEC 2.6). */
export const MAX_NON_INTERACTIVE_USERS = 7;

/** True when a user takes one of the 7 non-interactive places (a soft-deleted one keeps it until purged). */
export function countsAsNonInteractive(
  user: Pick<LifecycleUser, 'accessMode' | 'userType' | 'state'>,
): boolean {
  return user.accessMode === 'non-interactive' && user.userType !== 'application' && user.state !== 'purged';
}

/** Throws `NonInteractiveLimitError` when the users hold more non-interactive places than allowed. */
export function assertNonInteractiveLimit(
  users: readonly Pick<LifecycleUser, 'accessMode' | 'userType' | 'state'>[],
): void {
  if (users.filter(countsAsNonInteractive).length > MAX_NON_INTERACTIVE_USERS) {
    throw new NonInteractiveLimitError(MAX_NON_INTERACTIVE_USERS);
  }
}

/**
 * Refuses a change naming a user not in `users` (`unknown_user`) or an access mode that does not exist
 * (`unknown_access_mode`), before anyone is asked for a permission.
 */
export function assertAccessModeChange(
  users: readonly Pick<LifecycleUser, 'id'>[],
  userId: string,
  accessMode: AccessMode,
): void {
  if (!users.some((user) => user.id === userId)) {
    throw new LifecycleInputError([
      { code: 'unknown_user', path: ['userId'], message: `no user "${userId}" in the environment` },
    ]);
  }
  if (!(ACCESS_MODES as readonly unknown[]).includes(accessMode)) {
    throw new LifecycleInputError([
      {
        code: 'unknown_access_mode',
        path: ['accessMode'],
        message: `access mode "${String(accessMode)}" is unknown; use one of ${ACCESS_MODES.join(', ')}`,
      },
    ]);
  }
}

/** Changes a user's access mode; an eighth non-interactive (non-application) user is refused. */
export function changeAccessMode<TUser extends LifecycleUser>(
  environment: LifecycleEnvironment,
  users: readonly TUser[],
  userId: string,
  accessMode: AccessMode,
  actorId?: string,
): { readonly users: readonly TUser[]; readonly event: AuditEvent } {
  assertAccessModeChange(users, userId, accessMode);
  const next = users.map((user) => (user.id === userId ? { ...user, accessMode } : user));
  assertNonInteractiveLimit(next);
  return {
    users: next,
    event: auditEvent('user.accessModeChanged', instantOf(environment), userId, actorId, { accessMode }),
  };
}
