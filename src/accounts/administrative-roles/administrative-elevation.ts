import type { AdministrativeRole } from '../../policy/administrative-role.js';
import { AdministrativeElevationError } from '../refusals.js';
import { elevationIn } from '../role-assignment.js';
import { type AccessLevel, levelRank, type SecurityRoleGrant } from '../user.js';

/** The privilege key of an operation that also reaches administrators. */
const onAdministrators = (operation: string): string => `${operation} (administrators too)`;

/**
 * How far a role reaches, as an access level so `elevationIn` can compare two roles: no limit reaches the
 * whole organization; "same business unit or below" is the deep level; "own customer account" the local one.
 * Like Dataverse levels, these are relative to the holder (a deep role reaches the holder's own subtree).
 */
function reachOf(role: AdministrativeRole): AccessLevel {
  if (role.targets.businessUnit === 'sameOrBelow') return 'parentChildBusinessUnits';
  if (role.targets.account === 'own') return 'businessUnit';
  return 'organization';
}

/**
 * An administrative role in the shape of a security role grant: per target kind, one privilege per
 * operation (plus one per operation that reaches administrators), at the level of its reach.
 */
export function administrativeGrantOf(role: AdministrativeRole): SecurityRoleGrant {
  const level = reachOf(role);
  const privileges: Record<string, Record<string, AccessLevel>> = {};
  for (const kind of role.targets.kinds) {
    const byOperation: Record<string, AccessLevel> = {};
    for (const operation of role.operations) {
      byOperation[operation] = level;
      if (!role.targets.nonAdministrators) byOperation[onAdministrators(operation)] = level;
    }
    privileges[kind] = byOperation;
  }
  return { name: role.name, privileges };
}

/** The widest reach per target kind and operation over the roles someone holds. */
export function heldAdministrativePrivileges(
  roles: readonly AdministrativeRole[],
): Map<string, Map<string, AccessLevel>> {
  const held = new Map<string, Map<string, AccessLevel>>();
  for (const role of roles) {
    for (const [kind, privileges] of Object.entries(administrativeGrantOf(role).privileges)) {
      const levels = held.get(kind) ?? new Map<string, AccessLevel>();
      for (const [privilege, level] of Object.entries(privileges)) {
        if (levelRank(level) > levelRank(levels.get(privilege))) levels.set(privilege, level);
      }
      held.set(kind, levels);
    }
  }
  return held;
}

/** Throws `AdministrativeElevationError` unless the assigner's roles hold every power of `role`. */
export function assertHoldsAdministrativeRole(
  role: AdministrativeRole,
  assignerRoles: readonly AdministrativeRole[],
): void {
  const elevation = elevationIn(administrativeGrantOf(role), heldAdministrativePrivileges(assignerRoles));
  if (elevation) {
    throw new AdministrativeElevationError(
      role.name,
      `${elevation.privilege} on ${elevation.table} accounts at reach ${elevation.granted} (the assigner: ${elevation.held})`,
    );
  }
}
