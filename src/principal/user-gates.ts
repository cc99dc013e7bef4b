import type { Denial } from '../base/rule.js';
import { accessModes } from './access-modes.js';
import { effectiveAccessMode } from './entra-administrator.js';
import { accountStateDenial } from './gates.js';
import type { ValidUserPrincipal } from './principal.js';
import type { Session } from './user.js';

/** What the user gates need besides the principal: facts only the compiler knows. */
export interface UserGateContext {
  /** The user holds at least one role, directly or through a team. */
  readonly hasRole: boolean;
  /** The channel of the request (the call's option, else the principal's). */
  readonly session: Session | undefined;
  /** What would give a roleless user a role, for the denial's message. */
  readonly noRoleHint?: string;
}

/** A disabled user cannot act at all. */
export function disabledDenial(user: ValidUserPrincipal): Denial | undefined {
  return user.enabled === false ? { code: 'user_disabled', message: 'the user is disabled' } : undefined;
}

/** A stub user is an import placeholder: it can never sign in. */
export function stubDenial(user: ValidUserPrincipal): Denial | undefined {
  return user.userType === 'stub'
    ? { code: 'stub_user', message: 'the user is a stub (an import placeholder) and can never act' }
    : undefined;
}

/** Internal users have no own-row view, so a pending password change means no data at all. */
export function mustChangePasswordDenial(user: ValidUserPrincipal): Denial | undefined {
  return user.mustChangePassword
    ? {
        code: 'must_change_password',
        message: 'the user must change their password before reaching any data',
      }
    : undefined;
}

/** A re-enabled user signs in again only after accepting a new invitation (seed 002). */
export function invitationPendingDenial(user: ValidUserPrincipal): Denial | undefined {
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
 * and an unlicensed Entra environment administrator works in administrative mode instead (seed 002).
 */
export function unlicensedDenial(user: ValidUserPrincipal): Denial | undefined {
  const mode = accessModes[effectiveAccessMode(user)];
  if (!mode.requiresLicence || user.userType === 'application' || user.licensed === true) return undefined;
  return {
    code: 'unlicensed',
    message: `the user has no licence, which access mode "${user.accessMode ?? 'read-write'}" requires`,
  };
}

/**
 * Non-interactive users and application users (server-to-server identities, whatever their access mode) act
 * only through API sessions; an undeclared session counts as interactive.
 */
export function sessionDenial(user: ValidUserPrincipal, session: Session | undefined): Denial | undefined {
  if (session === 'api') return undefined;
  if (user.userType === 'application') {
    return {
      code: 'interactive_session',
      message:
        'an application user is a server-to-server identity and acts only in API sessions; pass { session: "api" } for API calls',
    };
  }
  if (!accessModes[user.accessMode ?? 'read-write'].apiOnly) return undefined;
  return {
    code: 'interactive_session',
    message: 'a non-interactive user may act only in API sessions; pass { session: "api" } for API calls',
  };
}

/** Runs every user gate in order (D13); the first that denies decides, with a reason an explanation can show. */
export function userDenial(user: ValidUserPrincipal, context: UserGateContext): Denial | undefined {
  return (
    accountStateDenial(user.state) ??
    disabledDenial(user) ??
    stubDenial(user) ??
    mustChangePasswordDenial(user) ??
    invitationPendingDenial(user) ??
    noRoleDenial(context.hasRole, context.noRoleHint) ??
    unlicensedDenial(user) ??
    sessionDenial(user, context.session)
  );
}
