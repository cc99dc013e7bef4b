import { type Issue, PortalPermissionsError } from '../base/errors.js';
import type { AccountState } from '../principal/account-state.js';

/** Base class of every refused lifecycle transition; a refusal changes nothing. */
export class LifecycleRefusal extends PortalPermissionsError {
  override readonly name: string = 'LifecycleRefusal';
}

/** The requested account state change is not allowed from the current state. */
export class AccountTransitionError extends LifecycleRefusal {
  override readonly name: string = 'AccountTransitionError';
  readonly from: AccountState;
  readonly transition: string;
  constructor(transition: string, from: AccountState, hint: string) {
    super('invalid_account_transition', `cannot ${transition} an account that is ${from}; ${hint}`, {
      path: ['state'],
    });
    this.from = from;
    this.transition = transition;
  }
}

/** A soft-deleted account can no longer be restored: its 30-day window has closed. */
export class RestoreWindowClosedError extends LifecycleRefusal {
  override readonly name: string = 'RestoreWindowClosedError';
  readonly restorableUntil: number;
  constructor(restorableUntil: number) {
    super(
      'restore_window_closed',
      `the account could be restored until ${new Date(restorableUntil).toISOString()}; it can only be purged now`,
      { path: ['deletion', 'at'] },
    );
    this.restorableUntil = restorableUntil;
  }
}

/** Stub users are placeholders: they can be neither enabled nor signed in. */
export class StubUserError extends LifecycleRefusal {
  override readonly name: string = 'StubUserError';
  constructor(operation: string) {
    super(
      'stub_user',
      `a stub user cannot be ${operation}; create a real user and reassign the stub's records`,
      {
        path: ['userType'],
      },
    );
  }
}

/** A principal may not sign in (state, user type or session kind). */
export class SignInRefusedError extends LifecycleRefusal {
  override readonly name: string = 'SignInRefusedError';
  readonly reason: string;
  constructor(reason: string, message: string) {
    super('sign_in_refused', message, { path: [] });
    this.reason = reason;
  }
}

/** Not enough free licence seats; `missing` says how many more the pool needs. */
export class LicencePoolExhaustedError extends LifecycleRefusal {
  override readonly name: string = 'LicencePoolExhaustedError';
  readonly missing: number;
  /** `context` says what needed the seats, and what else would do (restoring a deleted licensed user). */
  constructor(missing: number, seats: number, context?: { readonly what: string; readonly instead: string }) {
    super(
      'licence_pool_exhausted',
      `${context === undefined ? '' : `${context.what}: `}the licence pool of ${seats} seat${seats === 1 ? '' : 's'} is ${missing} seat${missing === 1 ? '' : 's'} short; buy ${missing} more or free seats${context === undefined ? '' : `, or ${context.instead}`}`,
      { path: ['seats'] },
    );
    this.missing = missing;
  }
}

/** Roles cannot be assigned to a disabled user unless `allowRoleAssignmentOnDisabledUsers` is on. */
export class RoleAssignmentOnDisabledUserError extends LifecycleRefusal {
  override readonly name: string = 'RoleAssignmentOnDisabledUserError';
  constructor(userId: string) {
    super(
      'role_assignment_on_disabled_user',
      `user "${userId}" is disabled; enable the user first or set allowRoleAssignmentOnDisabledUsers`,
      { path: ['user', 'enabled'] },
    );
  }
}

/** The role belongs to another business unit than the user's and matrix access is off. */
export class ForeignBusinessUnitRoleError extends LifecycleRefusal {
  override readonly name: string = 'ForeignBusinessUnitRoleError';
  constructor(role: string, roleUnit: string, userUnit: string) {
    super(
      'foreign_business_unit_role',
      `role "${role}" belongs to business unit "${roleUnit}", not the user's "${userUnit}"; use the role of unit "${userUnit}" or turn matrix access on`,
      { path: ['role'] },
    );
  }
}

/** The assigner would grant a privilege above what they hold themselves (no elevation). */
export class PrivilegeElevationError extends LifecycleRefusal {
  override readonly name: string = 'PrivilegeElevationError';
  readonly table: string;
  readonly privilege: string;
  constructor(role: string, table: string, privilege: string, granted: string, held: string) {
    super(
      'privilege_elevation',
      `role "${role}" grants ${privilege} on ${table} at level ${granted}, but the assigner holds only ${held}; ask someone who holds it`,
      { path: ['role', 'privileges', table, privilege] },
    );
    this.table = table;
    this.privilege = privilege;
  }
}

/** The actor's ability does not allow this administrative operation on this account. */
export class OperationNotAllowedError extends LifecycleRefusal {
  override readonly name: string = 'OperationNotAllowedError';
  readonly operation: string;
  readonly targetId: string;
  constructor(operation: string, targetId: string, why: string) {
    super(
      'operation_not_allowed',
      `${why}; ask someone whose administrative role allows ${operation} on this account`,
      { path: ['target'] },
    );
    this.operation = operation;
    this.targetId = targetId;
  }
}

/** An administrative role can only be given by someone who holds every power it grants (no elevation). */
export class AdministrativeElevationError extends LifecycleRefusal {
  override readonly name: string = 'AdministrativeElevationError';
  readonly role: string;
  constructor(role: string, what: string) {
    super(
      'administrative_elevation',
      `administrative role "${role}" grants ${what}, which the assigner does not hold; ask someone who holds it`,
      { path: ['role'] },
    );
    this.role = role;
  }
}

/** A contact may hand out only web roles they hold themselves (no elevation through the portal). */
export class WebRoleElevationError extends LifecycleRefusal {
  override readonly name: string = 'WebRoleElevationError';
  readonly role: string;
  constructor(role: string) {
    super(
      'web_role_elevation',
      `web role "${role}" is not one the assigning contact holds; ask an administrator to assign it`,
      { path: ['role'] },
    );
    this.role = role;
  }
}

/** An environment allows at most 7 non-interactive users (application users do not count). */
export class NonInteractiveLimitError extends LifecycleRefusal {
  override readonly name: string = 'NonInteractiveLimitError';
  constructor(limit: number) {
    super(
      'non_interactive_limit',
      `the environment already has ${limit} non-interactive users (the maximum); use an application user or change another user's access mode`,
      { path: ['accessMode'] },
    );
  }
}

/** A lifecycle request names something unknown or malformed; `issues` lists each problem. */
export class LifecycleInputError extends LifecycleRefusal {
  override readonly name: string = 'LifecycleInputError';
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super('invalid_lifecycle_input', issues.map((issue) => issue.message).join('; '), {
      path: issues[0]?.path ?? [],
    });
    this.issues = issues;
  }
}

// The names of every lifecycle refusal class (BulkImportError lives beside the import it refuses). A copy of
// the library bundled twice or loaded in another realm fails `instanceof`, so the name is what is left; any
// other error, a PolicyValidationError included, is not a refusal of a transition.
const LIFECYCLE_REFUSAL_NAMES: ReadonlySet<string> = new Set([
  'LifecycleRefusal',
  'PasswordChangeRequiredError',
  'InvitationCodeMismatchError',
  'InvitationExpiredError',
  'InvitationExhaustedError',
  'InvitationInactiveError',
  'InvitationAlreadyRedeemedError',
  'InvitationNotForContactError',
  'InvitationNewcomersOnlyError',
  'InvitationBusyError',
  'ContactNotInvitableError',
  'RegistrationDisabledError',
  'AccountTransitionError',
  'RestoreWindowClosedError',
  'StubUserError',
  'SignInRefusedError',
  'LicencePoolExhaustedError',
  'RoleAssignmentOnDisabledUserError',
  'ForeignBusinessUnitRoleError',
  'PrivilegeElevationError',
  'OperationNotAllowedError',
  'AdministrativeElevationError',
  'WebRoleElevationError',
  'NonInteractiveLimitError',
  'LifecycleInputError',
  'BulkImportError',
]);

/** True for any refused lifecycle transition, even one from another realm or bundled copy. */
export function isLifecycleRefusal(value: unknown): value is LifecycleRefusal {
  return (
    value instanceof LifecycleRefusal ||
    // Not `instanceof Error`: an error made in another realm has another `Error`.
    (Object.prototype.toString.call(value) === '[object Error]' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      LIFECYCLE_REFUSAL_NAMES.has((value as { name?: unknown }).name as string) &&
      Array.isArray((value as { path?: unknown }).path))
  );
}
