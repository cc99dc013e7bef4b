import type { PortalAbility } from '../../ability/ability.js';
import type { Policy } from '../../policy/policy.js';
import type { RoleAssignmentInput } from '../../policy/security-role.js';
import { withAutomaticRoles } from '../../principal/entra-administrator.js';
import type { LifecycleUser, SecurityRoleGrant, TeamGrant } from '../user.js';

const roleName = (assignment: RoleAssignmentInput): string =>
  typeof assignment === 'string' ? assignment : assignment.name;

/** The policy's security roles as the lifecycle's elevation check reads them. */
export function securityRoleGrantsOf(policy: Policy): SecurityRoleGrant[] {
  return policy.securityRoles.map((role) => ({
    name: role.name,
    privileges: role.privileges as SecurityRoleGrant['privileges'],
  }));
}

/** The policy's teams as the lifecycle's elevation check reads them. */
export function teamGrantsOf(policy: Policy): TeamGrant[] {
  return policy.teams.map((team) => ({
    id: team.id,
    securityRoles: (team.securityRoles ?? []).map(roleName),
  }));
}

/**
 * The actor as an assigner of security roles: an internal user with the roles it holds directly, through
 * teams and automatically (an Entra administrator's system administrator role); a contact holds no security
 * role, so it can assign none that grants anything.
 */
export function assignerOf(actor: PortalAbility): LifecycleUser {
  const { principal } = actor;
  const user = principal.kind === 'user' ? principal : undefined;
  return {
    kind: 'user',
    id: principal.kind === 'anonymous' ? '' : principal.id,
    businessUnitId: user?.businessUnitId ?? '',
    securityRoles: (user === undefined
      ? []
      : (withAutomaticRoles(user, actor.policy.internalUsers).securityRoles ?? [])
    ).map(roleName),
    teams: user?.teams,
    accessMode: user?.accessMode ?? 'read-write',
    enabled: user?.enabled ?? true,
    licensed: user?.licensed ?? false,
    userType: user?.userType ?? 'person',
    state: principal.kind === 'anonymous' ? 'disabled' : principal.state,
  };
}
