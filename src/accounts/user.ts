import { ACCESS_LEVELS, type AccessLevel } from '../policy/security-role.js';
import type { AccessMode, UserType } from '../principal/user.js';
import type { LifecycleAccount } from './account-state.js';

// One definition of levels, modes and user types: the policy and principal schemas own them.
export { ACCESS_LEVELS, type AccessLevel } from '../policy/security-role.js';
export type { AccessMode, UserType } from '../principal/user.js';

/**
 * The internal-user fields the lifecycle rules read; structurally the user principal
 * (`{ kind: 'user', id, businessUnitId, securityRoles, teams, accessMode, enabled, licensed, userType }`).
 */
export interface LifecycleUser extends LifecycleAccount {
  readonly kind: 'user';
  readonly id: string;
  readonly businessUnitId: string;
  readonly securityRoles: readonly string[];
  readonly teams?: readonly string[] | undefined;
  readonly accessMode: AccessMode;
  readonly enabled: boolean;
  readonly licensed: boolean;
  readonly userType: UserType;
}

/**
 * The parts of a security role the assignment rules read: its business unit and its privileges per table.
 * `TName` is the role's name as a type: a catalog written literally names its roles, so that a role assigned
 * from it is checked against them (`assignSecurityRole`).
 */
export interface SecurityRoleGrant<TName extends string = string> {
  readonly name: TName;
  /** The unit the role belongs to; a role without one belongs to every unit. */
  readonly businessUnitId?: string | undefined;
  readonly privileges: Readonly<Record<string, Readonly<Record<string, AccessLevel>>>>;
}

/** The parts of a team the assignment rules read: the roles its members receive. */
export interface TeamGrant {
  readonly id: string;
  readonly securityRoles: readonly string[];
}

/** The rank of a level (a higher rank reaches more rows); an unknown level ranks below `none`. */
export function levelRank(level: string | undefined): number {
  return ACCESS_LEVELS.indexOf(level as AccessLevel);
}
