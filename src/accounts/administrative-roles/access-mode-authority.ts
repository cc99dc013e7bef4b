import type { PortalAbility } from '../../ability/ability.js';
import { accessModes } from '../../principal/access-modes.js';
import type { AccessMode, LifecycleUser } from '../user.js';
import { authorize } from './authorize.js';

/**
 * Whether `accessMode` would let `user` act without a licence it lacks: administrative and non-interactive
 * users need none (SPEC 2.6), so putting an unlicensed person in such a mode does what a licence does.
 */
export function freesFromLicence(
  user: Pick<LifecycleUser, 'licensed' | 'userType'>,
  accessMode: AccessMode,
): boolean {
  return (
    !accessModes[accessMode].requiresLicence && user.licensed !== true && user.userType !== 'application'
  );
}

/**
 * Authorizes changing a user's access mode on the user as it is and as the change leaves it (`updateUser` on
 * both), and `assignLicense` on it when the new mode frees an unlicensed person from needing a licence (D22).
 * Returns the actor's id.
 */
export function authorizeAccessModeChange<TUser extends LifecycleUser>(
  actor: PortalAbility,
  user: TUser,
  accessMode: AccessMode,
): string {
  const actorId = authorize(actor, 'updateUser', user);
  authorize(actor, 'updateUser', { ...user, accessMode });
  if (freesFromLicence(user, accessMode)) authorize(actor, 'assignLicense', { ...user, accessMode });
  return actorId;
}
