import type { Denial } from '../base/rule.js';
import { type AccessModeDefinition, accessModes } from './access-modes.js';
import { isEntraAdministrator } from './entra-administrator.js';
import type { ValidUserPrincipal } from './principal.js';
import type { Session } from './user.js';

/** The fields of a user (or of a host's account record) the user gates read. */
export interface GatedUser {
  readonly enabled?: boolean | undefined;
  readonly userType?: string | undefined;
  readonly mustChangePassword?: boolean | undefined;
  readonly invitationPending?: boolean | undefined;
  readonly licensed?: boolean | undefined;
  readonly accessMode?: string | undefined;
  readonly entraRoles?: ValidUserPrincipal['entraRoles'];
}

/** The access mode's definition, `read-write` when none is given; `undefined` for a name the registry lacks. */
function modeOf(user: GatedUser): AccessModeDefinition | undefined {
  const mode = user.accessMode ?? 'read-write';
  return Object.hasOwn(accessModes, mode) ? accessModes[mode as keyof typeof accessModes] : undefined;
}

/** A disabled user cannot act at all. */
export function disabledDenial(user: GatedUser): Denial | undefined {
  return user.enabled === false ? { code: 'user_disabled', message: 'the user is disabled' } : undefined;
}

/** A stub user is an import placeholder: it can never sign in. */
export function stubDenial(user: GatedUser): Denial | undefined {
  return user.userType === 'stub'
    ? { code: 'stub_user', message: 'the user is a stub (an import placeholder) and can never act' }
    : undefined;
}

/** Internal users have no own-row view, so a pending password change means no data at all. */
export function mustChangePasswordDenial(user: GatedUser): Denial | undefined {
  return user.mustChangePassword
    ? {
        code: 'must_change_password',
        message: 'the user must change their password before reaching any data',
      }
    : undefined;
}

/** A re-enabled user signs in again only after accepting a new invitation (seed 002). */
export function invitationPendingDenial(user: GatedUser): Denial | undefined {
  return user.invitationPending === true
    ? {
        code: 'invitation_pending',
        message: 'the user was re-enabled and must accept a new invitation before reaching any data',
      }
    : undefined;
}

/**
 * "The service doesn't allow access to users who don't have at least one security role" (SPEC 2.6); `hint`
 * says what would give one (an Entra administrator's automatic role when the policy names none).
 */
export function noRoleDenial(hasRole: boolean, hint?: string): Denial | undefined {
  return hasRole
    ? undefined
    : {
        code: 'no_role',
        message: `the user holds no security role, neither directly nor through a team${hint === undefined ? '' : `; ${hint}`}`,
      };
}

/**
 * Read-write and read users need a licence; administrative, non-interactive and application users do not,
 * and an unlicensed Entra environment administrator works in administrative mode instead (seed 002). An
 * access mode the registry lacks needs one (fail closed), and no Entra role exempts it.
 */
export function unlicensedDenial(user: GatedUser): Denial | undefined {
  const mode = modeOf(user);
  const requiresLicence = mode?.requiresLicence ?? true;
  if (!requiresLicence || user.userType === 'application' || user.licensed === true) return undefined;
  if (mode !== undefined && isEntraAdministrator(user)) return undefined;
  return {
    code: 'unlicensed',
    message: `the user has no licence, which access mode "${user.accessMode ?? 'read-write'}" requires`,
  };
}

/**
 * Application users are server-to-server identities: whatever their access mode, they act only through API
 * sessions; an undeclared session counts as interactive.
 */
export function applicationSessionDenial(user: GatedUser, session: Session | undefined): Denial | undefined {
  if (session === 'api' || user.userType !== 'application') return undefined;
  return {
    code: 'interactive_session',
    message:
      'an application user is a server-to-server identity and acts only in API sessions; pass { session: "api" } for API calls',
  };
}

/** Non-interactive users act only through API sessions; an undeclared session counts as interactive. */
export function nonInteractiveSessionDenial(
  user: GatedUser,
  session: Session | undefined,
): Denial | undefined {
  if (session === 'api' || modeOf(user)?.apiOnly !== true) return undefined;
  return {
    code: 'interactive_session',
    message: 'a non-interactive user may act only in API sessions; pass { session: "api" } for API calls',
  };
}

/** The session gates together: an application user's, then a non-interactive user's. */
export function sessionDenial(user: GatedUser, session: Session | undefined): Denial | undefined {
  return applicationSessionDenial(user, session) ?? nonInteractiveSessionDenial(user, session);
}
