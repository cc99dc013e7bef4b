import type { InternalUserSettings } from '../policy/internal-users.js';
import { accessModes } from './access-modes.js';
import type { ValidUserPrincipal } from './principal.js';
import { type AccessMode, ENTRA_ROLES, type EntraRole } from './user.js';

/**
 * The Entra roles that administer the Dataverse environment (seed 002): only these carry the system
 * administrator role and the licence-free administrative mode. User, Helpdesk and Password administrators
 * administer accounts, not the environment, so they get neither.
 */
export const ENVIRONMENT_ADMINISTRATOR_ROLES: readonly EntraRole[] = [
  'Global administrator',
  'Power Platform administrator',
  'Dynamics 365 administrator',
];

/**
 * The Entra roles an account holds, read from its own `entraRoles` and checked value by value against
 * `ENTRA_ROLES` (a value that slipped past validation never counts). `undefined` when a value is not one.
 */
export function ownEntraRoles(account: object): EntraRole[] | undefined {
  const roles: unknown = Object.hasOwn(account, 'entraRoles')
    ? (account as { readonly entraRoles?: unknown }).entraRoles
    : undefined;
  if (roles === undefined) return [];
  if (!Array.isArray(roles)) return undefined;
  const known = roles.filter((role): role is EntraRole => (ENTRA_ROLES as readonly unknown[]).includes(role));
  return known.length === roles.length ? known : undefined;
}

/**
 * Whether the user holds an Entra role that administers the environment. Reads the own field and checks each
 * value against the list again, so a value that slipped past validation never makes an administrator.
 */
export function isEntraAdministrator(user: Pick<ValidUserPrincipal, 'entraRoles'>): boolean {
  return (ownEntraRoles(user) ?? []).some((role) => ENVIRONMENT_ADMINISTRATOR_ROLES.includes(role));
}

/**
 * Whether Dataverse puts the user in administrative access mode on its own: an Entra environment
 * administrator without a licence whose mode would need one (seed 002: "as they have no licence, they are
 * put in administrative access mode"). Application users need no licence, so they keep their mode.
 */
export function isAutomaticallyAdministrative(
  user: Pick<ValidUserPrincipal, 'entraRoles' | 'accessMode' | 'licensed' | 'userType'>,
): boolean {
  return (
    accessModes[user.accessMode ?? 'read-write'].requiresLicence &&
    user.licensed !== true &&
    user.userType !== 'application' &&
    isEntraAdministrator(user)
  );
}

/** The access mode the user works in: its own (read-write by default), or administrative when put there. */
export function effectiveAccessMode(
  user: Pick<ValidUserPrincipal, 'entraRoles' | 'accessMode' | 'licensed' | 'userType'>,
): AccessMode {
  return isAutomaticallyAdministrative(user) ? 'administrative' : (user.accessMode ?? 'read-write');
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
