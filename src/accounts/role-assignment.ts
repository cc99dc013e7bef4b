import type { NameArgument } from '../ability/portal-subject.js';
import { didYouMean } from '../base/names.js';
import { stateOf } from './account-state.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { ownFields } from './own.js';
import {
  AccountTransitionError,
  ForeignBusinessUnitRoleError,
  LifecycleInputError,
  PrivilegeElevationError,
  RoleAssignmentOnDisabledUserError,
} from './refusals.js';
import {
  type AccessLevel,
  type LifecycleUser,
  levelRank,
  type SecurityRoleGrant,
  type TeamGrant,
} from './user.js';

/** Organization settings that relax the assignment rules; both are off unless set. */
export interface RoleAssignmentSettings {
  /** Dataverse's `allowRoleAssignmentOnDisabledUsers`. */
  readonly allowRoleAssignmentOnDisabledUsers?: boolean;
  /** Modernized business units: a role of another unit may be assigned. */
  readonly matrixAccess?: boolean;
}

/**
 * What `assignSecurityRole` needs: who assigns what to whom, and the role and team catalog. `TRole` are the
 * catalog's role names; `TAccepted` the names `role` accepts (by default those of the catalog).
 */
export interface AssignSecurityRoleRequest<
  TUser extends LifecycleUser,
  TRole extends string = string,
  TAccepted extends string = TRole,
> {
  readonly assigner: LifecycleUser;
  readonly user: TUser;
  readonly role: TAccepted;
  readonly roles: readonly SecurityRoleGrant<TRole>[];
  readonly teams?: readonly TeamGrant[];
  readonly settings?: RoleAssignmentSettings;
}

/** The user with the role added, and the audit event naming the assigner. */
export interface RoleAssignment<TUser extends LifecycleUser> {
  readonly user: TUser;
  readonly event: AuditEvent;
}

/** The widest level per table and privilege a user holds through direct roles and team roles. */
export function heldPrivileges(
  user: LifecycleUser,
  roles: readonly SecurityRoleGrant[],
  teams: readonly TeamGrant[] = [],
): Map<string, Map<string, AccessLevel>> {
  const byName = new Map(roles.map((role) => [role.name, role]));
  const teamRoles = teams
    .filter((team) => (user.teams ?? []).includes(team.id))
    .flatMap((team) => team.securityRoles);
  const held = new Map<string, Map<string, AccessLevel>>();
  for (const name of [...user.securityRoles, ...teamRoles]) {
    for (const [table, privileges] of Object.entries(byName.get(name)?.privileges ?? {})) {
      const levels = held.get(table) ?? new Map<string, AccessLevel>();
      for (const [privilege, level] of Object.entries(privileges)) {
        if (levelRank(level) > levelRank(levels.get(privilege))) levels.set(privilege, level);
      }
      held.set(table, levels);
    }
  }
  return held;
}

/** The first privilege of `role` above what the holder of `held` has, or undefined when none is. */
export function elevationIn(
  role: SecurityRoleGrant,
  held: ReadonlyMap<string, ReadonlyMap<string, AccessLevel>>,
): { table: string; privilege: string; granted: AccessLevel; held: AccessLevel } | undefined {
  for (const [table, privileges] of Object.entries(role.privileges)) {
    for (const [privilege, granted] of Object.entries(privileges)) {
      const mine = held.get(table)?.get(privilege) ?? 'none';
      // An unknown level in the role ranks -1 but is refused rather than waved through.
      if (levelRank(granted) > levelRank(mine) || levelRank(granted) < 0)
        return { table, privilege, granted, held: mine };
    }
  }
  return undefined;
}

function roleNamed(roles: readonly SecurityRoleGrant[], name: string): SecurityRoleGrant {
  const role = roles.find((candidate) => candidate.name === name);
  if (!role) {
    throw new LifecycleInputError([
      {
        code: 'unknown_security_role',
        path: ['role'],
        message: `security role "${name}" is not in the catalog (${didYouMean(
          name,
          roles.map((candidate) => candidate.name),
        )})`,
      },
    ]);
  }
  return role;
}

// Only `enabled: true` is enabled here: a missing or mistyped flag (`'false'`) never lets a role through.
const isDisabled = (user: LifecycleUser): boolean => user.enabled !== true || stateOf(user) === 'disabled';

/**
 * Assigns a security role to an internal user. Refused for a disabled user (unless
 * `allowRoleAssignmentOnDisabledUsers`), for a role of another business unit (unless matrix access), and when
 * the role holds a privilege at a wider level than the assigner does (no elevation). A role written literally
 * must be a name of a catalog written literally (a typo does not compile); a role typed `string`, or a catalog
 * whose names are `string`, is checked at run time (`unknown_security_role`).
 *
 * @example
 * const { user, event } = assignSecurityRole(systemEnvironment, { assigner: admin, user: u1, role: 'Salesperson', roles });
 */
export function assignSecurityRole<
  TUser extends LifecycleUser,
  TRole extends string = string,
  TWritten extends string = string,
>(
  environment: LifecycleEnvironment,
  request: AssignSecurityRoleRequest<TUser, TRole, NameArgument<TWritten, NoInfer<TRole>>>,
): RoleAssignment<TUser> {
  const { assigner, user } = ownFields(request);
  const settings = ownFields(ownFields(request).settings ?? {});
  const role = roleNamed(request.roles, request.role);
  const assignerState = stateOf(assigner);
  if (assignerState !== 'active' || assigner.enabled !== true) {
    throw new AccountTransitionError(
      'assign roles as',
      assigner.enabled === true ? assignerState : 'disabled',
      'the assigner must be active',
    );
  }
  const userState = stateOf(user);
  if (userState === 'deleted' || userState === 'purged') {
    throw new AccountTransitionError('assign a role to', userState, 'restore the user first');
  }
  if (isDisabled(user) && settings.allowRoleAssignmentOnDisabledUsers !== true)
    throw new RoleAssignmentOnDisabledUserError(user.id);
  if (
    role.businessUnitId !== undefined &&
    role.businessUnitId !== user.businessUnitId &&
    settings.matrixAccess !== true
  ) {
    throw new ForeignBusinessUnitRoleError(role.name, role.businessUnitId, user.businessUnitId);
  }
  const elevation = elevationIn(role, heldPrivileges(assigner, request.roles, request.teams));
  if (elevation) {
    throw new PrivilegeElevationError(
      role.name,
      elevation.table,
      elevation.privilege,
      elevation.granted,
      elevation.held,
    );
  }
  const securityRoles = user.securityRoles.includes(role.name)
    ? user.securityRoles
    : [...user.securityRoles, role.name];
  return {
    user: { ...user, securityRoles },
    event: auditEvent('role.assigned', instantOf(environment), user.id, assigner.id, { role: role.name }),
  };
}

/** Removes a security role from a user (never an elevation, so no privilege check). */
export function removeSecurityRole<TUser extends LifecycleUser>(
  environment: LifecycleEnvironment,
  user: TUser,
  role: string,
  actorId?: string,
): RoleAssignment<TUser> {
  return {
    user: { ...user, securityRoles: user.securityRoles.filter((name) => name !== role) },
    event: auditEvent('role.removed', instantOf(environment), user.id, actorId, { role }),
  };
}
