import type { InternalUserSettings } from '../policy/internal-users.js';
import type { ValidUserPrincipal } from './principal.js';
import { ENTRA_ROLES } from './user.js';

/**
 * Whether the user holds an Entra administrator role. Reads the validated own field and checks each value
 * against the list again, so a value that slipped past validation never makes an administrator.
 */
export function isEntraAdministrator(user: Pick<ValidUserPrincipal, 'entraRoles'>): boolean {
  const roles: unknown = Object.hasOwn(user, 'entraRoles') ? user.entraRoles : undefined;
  return Array.isArray(roles) && roles.some((role) => (ENTRA_ROLES as readonly unknown[]).includes(role));
}

/**
 * The roles Dataverse gives a user automatically: an Entra administrator holds the policy's system
 * administrator role, from the user's own business unit (seed 002, SPEC 2.6). They come beside the user's
 * own roles, never instead of them, so holding another role never takes them away.
 */
export function automaticRolesOf(
  user: ValidUserPrincipal,
  settings: InternalUserSettings,
): readonly string[] {
  const role = settings.systemAdministratorRole;
  return role === undefined || !isEntraAdministrator(user) ? [] : [role];
}

/** The user with its automatic roles added to its own (for the lifecycle's anti-elevation check). */
export function withAutomaticRoles(
  user: ValidUserPrincipal,
  settings: InternalUserSettings,
): ValidUserPrincipal {
  const automatic = automaticRolesOf(user, settings);
  return automatic.length === 0
    ? user
    : { ...user, securityRoles: [...(user.securityRoles ?? []), ...automatic] };
}

/** The hint of an Entra administrator's `no_role` denial when the policy names no system administrator role. */
export function missingAdministratorRoleHint(
  user: ValidUserPrincipal,
  settings: InternalUserSettings,
): string | undefined {
  return isEntraAdministrator(user) && settings.systemAdministratorRole === undefined
    ? 'an Entra administrator holds the system administrator role automatically once the policy names it under internalUsers.systemAdministratorRole'
    : undefined;
}
