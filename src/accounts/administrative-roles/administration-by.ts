import type { PortalAbility } from '../../ability/ability.js';
import { administrativeRolesOf } from '../../compile/administrative-roles/with-administration.js';
import type { AdministrativeTargetKind } from '../../policy/administrative-role.js';
import { policyIndexOf } from '../../policy/define-policy.js';
import type { PolicyTypesLike } from '../../policy/policy-types.js';
import { assertAccessModeChange, changeAccessMode } from '../access-mode.js';
import { deleteAccount, purgeAccount, restoreAccount } from '../account-deletion.js';
import {
  blockSignIn,
  disableAccount,
  enableAccount,
  resetPassword,
  unblockSignIn,
} from '../account-state.js';
import { auditEvent } from '../audit-event.js';
import { changeBusinessUnit } from '../business-unit-change.js';
import { instantOf, type LifecycleEnvironment } from '../environment.js';
import { createInvitation } from '../invitation.js';
import { inviteNewcomers } from '../invitation-newcomers.js';
import { assignLicences, type LicenceState, removeLicences } from '../licence-pool.js';
import { ownFields } from '../own.js';
import {
  AccountTransitionError,
  LifecycleInputError,
  OperationNotAllowedError,
  PrivilegeElevationError,
} from '../refusals.js';
import { assignSecurityRole, elevationIn, heldPrivileges, removeSecurityRole } from '../role-assignment.js';
import type { LifecycleUser } from '../user.js';
import { authorizeAccessModeChange } from './access-mode-authority.js';
import { assignAccountWebRole, removeAccountWebRole } from './account-web-roles.js';
import type { AdministeredAccount, Administration, ManagedAccount } from './administration.js';
import { assertHoldsAdministrativeRole } from './administrative-elevation.js';
import { actorIdOf, authorize } from './authorize.js';
import { creationIssues, governedChanges, refuseGoverned } from './governed-fields.js';
import { assertMayHandOutWebRole, authorizeInvitedContact } from './invitation-authority.js';
import { assignerOf, securityRoleGrantsOf, teamGrantsOf } from './role-grants.js';

function requireKind(
  account: { readonly kind?: unknown },
  kind: AdministrativeTargetKind,
  what: string,
): void {
  if (account.kind !== kind) {
    throw new LifecycleInputError([
      {
        code: 'wrong_account_kind',
        path: ['account', 'kind'],
        message: `${what} apply to ${kind}s only, not to a ${String(account.kind)} account`,
      },
    ]);
  }
}

function unknownRole(kind: string, role: string): never {
  throw new LifecycleInputError([
    {
      code: `unknown_${kind}`,
      path: ['role'],
      message: `${kind.replace('_', ' ')} "${role}" is not defined by the policy`,
    },
  ]);
}

/**
 * The lifecycle transitions as performed by `actor`: each asks the actor's ability first and refuses with
 * `OperationNotAllowedError` what it does not allow, refuses role assignments beyond the actor's own powers,
 * and names the actor in every audit event. Web and security roles written literally must be ones the actor's
 * policy declares (a typo does not compile); roles typed `string` are checked at run time.
 *
 * @example
 * const admin = administrationBy(abilityFor(policy, passwordAdmin), systemEnvironment);
 * admin.resetPassword(colleague);   // accepted, event.actorId === passwordAdmin.id
 * admin.resetPassword(globalAdmin); // throws OperationNotAllowedError
 */
export function administrationBy<TTypes extends PolicyTypesLike>(
  actor: PortalAbility<TTypes>,
  environment: LifecycleEnvironment,
): Administration<TTypes> {
  // The role names were checked where each transition was called; the rules read them as plain strings.
  return administrationOf(
    actor as unknown as PortalAbility,
    environment,
  ) as unknown as Administration<TTypes>;
}

function administrationOf(actor: PortalAbility, environment: LifecycleEnvironment): Administration {
  const { policy } = actor;
  const index = policyIndexOf(policy);
  const actorRoles = () =>
    actor.principal.kind === 'anonymous' ? [] : administrativeRolesOf(index, actor.principal);
  const changed = <TAccount extends ManagedAccount>(
    type: string,
    account: TAccount,
    actorId: string,
    details: Record<string, string> = {},
  ): AdministeredAccount<TAccount> => ({
    account,
    event: auditEvent(type, instantOf(environment), account.id, actorId, details),
  });
  const licensing = (
    operation: 'assignLicense' | 'removeLicense',
    state: LicenceState,
    userIds: readonly string[],
  ) => {
    const byId = new Map(state.users.map((user) => [user.id, user]));
    // A change naming no user asks no permission, but its audit event must still name someone.
    let actorId = actorIdOf(actor);
    if (actorId === undefined) {
      throw new OperationNotAllowedError(operation, '', 'a visitor administers nothing: sign in first');
    }
    for (const id of userIds) {
      const user = byId.get(id);
      if (user) actorId = authorize(actor, operation, { kind: 'user', ...user });
    }
    return actorId;
  };

  return {
    invite: async (input) => {
      const request = ownFields(input);
      let actorId = actorIdOf(actor) ?? '';
      const roles = request.assignWebRoles ?? [];
      for (const contact of request.contacts) {
        requireKind(contact, 'contact', 'invitations');
        actorId = authorizeInvitedContact(actor, contact, request);
      }
      for (const role of roles) assertMayHandOutWebRole(actor, role);
      return createInvitation(environment, { ...request, policy, actorId });
    },
    inviteNewcomers: (request) => inviteNewcomers(actor, environment, request),
    createUser: (account) => {
      const issues = creationIssues(account);
      if (issues.length > 0) throw new LifecycleInputError(issues);
      return changed('account.created', account, authorize(actor, 'createUser', account));
    },
    updateUser: (before, after) => {
      const actorId = authorize(actor, 'updateUser', before);
      const governed = governedChanges(before, after);
      if (governed.length > 0) refuseGoverned(governed);
      authorize(actor, 'updateUser', after);
      return changed('account.updated', after, actorId);
    },
    disable: (account) => {
      const actorId = authorize(actor, 'disable', account);
      // A disabled account keeps no trace of a block, so enabling it later lifts the block too: disabling a
      // blocked account is also lifting its block, which takes whoever may lift blocks.
      if (account.state === 'blocked') authorize(actor, 'blockSignIn', account);
      return disableAccount(environment, account, actorId);
    },
    enable: (account) => enableAccount(environment, account, authorize(actor, 'enable', account)),
    blockSignIn: (account) => blockSignIn(environment, account, authorize(actor, 'blockSignIn', account)),
    unblockSignIn: (account) => unblockSignIn(environment, account, authorize(actor, 'blockSignIn', account)),
    resetPassword: (account) =>
      resetPassword(environment, account, authorize(actor, 'resetPassword', account)),
    deleteAccount: (account) =>
      deleteAccount(environment, account, authorize(actor, 'deleteAccount', account)),
    restore: (account, deletion, licences) => {
      const actorId = authorize(actor, 'restore', account);
      // Restoring a licensed user hands it a seat: the same power as assigning a licence.
      if (Object.hasOwn(account, 'licensed') && (account as { licensed?: unknown }).licensed !== false)
        authorize(actor, 'assignLicense', account);
      return restoreAccount(environment, account, deletion, actorId, licences);
    },
    purge: (account) => purgeAccount(environment, account, authorize(actor, 'purge', account)),
    assignLicences: (state, userIds) =>
      assignLicences(environment, state, userIds, licensing('assignLicense', state, userIds)),
    removeLicences: (state, userIds) =>
      removeLicences(environment, state, userIds, licensing('removeLicense', state, userIds)),
    assignSecurityRole: (user, role, settings) => {
      requireKind(user, 'user', 'security roles');
      authorize(actor, 'assignRole', user);
      return assignSecurityRole(environment, {
        assigner: assignerOf(actor),
        user,
        role,
        roles: securityRoleGrantsOf(policy),
        teams: teamGrantsOf(policy),
        ...(settings === undefined ? {} : { settings }),
      });
    },
    removeSecurityRole: (user, role) =>
      removeSecurityRole(environment, user, role, authorize(actor, 'assignRole', user)),
    changeBusinessUnit: (user, businessUnitId) => {
      requireKind(user, 'user', 'business units');
      const actorId = authorize(actor, 'updateUser', user);
      const moved = changeBusinessUnit(environment, {
        user,
        businessUnitId,
        businessUnits: policy.businessUnits.map((unit) => unit.id),
        settings: policy.internalUsers,
        actorId,
      });
      // The effects are authorized, not the field: the moved user, and the roles it loses or keeps.
      authorize(actor, 'updateUser', moved.user);
      if (moved.removedRoles.length > 0 || moved.keptRoles) {
        authorize(actor, 'assignRole', user);
        authorize(actor, 'assignRole', moved.user);
      }
      if (moved.keptRoles) assertHoldsKeptRoles(actor, moved.user);
      return moved;
    },
    changeAccessMode: (users, userId, accessMode) => {
      assertAccessModeChange(users, userId, accessMode);
      let actorId = '';
      // Every account the change rewrites is authorized: a list that repeats the id changes each copy.
      for (const user of users) {
        if (user.id !== userId) continue;
        requireKind(user, 'user', 'access modes');
        actorId = authorizeAccessModeChange(actor, user, accessMode);
      }
      return changeAccessMode(environment, users, userId, accessMode, actorId);
    },
    assignWebRole: (contact, role) => {
      requireKind(contact, 'contact', 'web roles');
      const actorId = authorize(actor, 'assignRole', contact);
      assertMayHandOutWebRole(actor, role);
      const webRoles = contact.webRoles ?? [];
      const account = { ...contact, webRoles: webRoles.includes(role) ? webRoles : [...webRoles, role] };
      return changed('webRole.assigned', account, actorId, { role });
    },
    removeWebRole: (contact, role) => {
      const actorId = authorize(actor, 'assignRole', contact);
      const webRoles = (contact.webRoles ?? []).filter((name) => name !== role);
      return changed('webRole.removed', { ...contact, webRoles }, actorId, { role });
    },
    assignAccountWebRole: (account, role, contacts) =>
      assignAccountWebRole(actor, environment, account, role, contacts),
    removeAccountWebRole: (account, role, contacts) =>
      removeAccountWebRole(actor, environment, account, role, contacts),
    assignAdministrativeRole: (account, role) => {
      const actorId = authorize(actor, 'manageRoles', account);
      const definition = index.administrativeRoles.get(role) ?? unknownRole('administrative_role', role);
      const state = account.state ?? 'active';
      if (state === 'deleted' || state === 'purged') {
        throw new AccountTransitionError(
          'give an administrative role to',
          state,
          'restore the account first',
        );
      }
      assertHoldsAdministrativeRole(definition, actorRoles());
      const held = account.administrativeRoles ?? [];
      const next = { ...account, administrativeRoles: held.includes(role) ? held : [...held, role] };
      return changed('administrativeRole.assigned', next, actorId, { role });
    },
    removeAdministrativeRole: (account, role) => {
      const actorId = authorize(actor, 'manageRoles', account);
      const administrativeRoles = (account.administrativeRoles ?? []).filter((name) => name !== role);
      return changed('administrativeRole.removed', { ...account, administrativeRoles }, actorId, { role });
    },
  };
}

/**
 * Roles a move keeps count from the new unit, which is assigning them there: the actor must hold each one
 * as `assignSecurityRole` demands, so a move never hands out a role the actor could not assign.
 */
function assertHoldsKeptRoles(actor: PortalAbility, user: LifecycleUser): void {
  const roles = securityRoleGrantsOf(actor.policy);
  const held = heldPrivileges(assignerOf(actor), roles, teamGrantsOf(actor.policy));
  for (const name of user.securityRoles) {
    const role = roles.find((candidate) => candidate.name === name);
    const elevation = role === undefined ? undefined : elevationIn(role, held);
    if (role === undefined || elevation) {
      throw new PrivilegeElevationError(
        name,
        elevation?.table ?? '(unknown role)',
        elevation?.privilege ?? '(any)',
        elevation?.granted ?? 'organization',
        elevation?.held ?? 'none',
      );
    }
  }
}
