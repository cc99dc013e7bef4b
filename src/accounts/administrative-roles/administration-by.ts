import type { PortalAbility } from '../../ability/ability.js';
import type { Issue } from '../../base/errors.js';
import { heldAdministrativeRoles } from '../../compile/administrative-roles/administrative-rules.js';
import type { AdministrativeTargetKind } from '../../policy/administrative-role.js';
import { policyIndexOf } from '../../policy/define-policy.js';
import type { ContactPrincipal } from '../../principal/contact.js';
import { assertAccessModeChange, changeAccessMode } from '../access-mode.js';
import {
  type AccountTransition,
  blockSignIn,
  type Deletion,
  deleteAccount,
  disableAccount,
  enableAccount,
  purgeAccount,
  resetPassword,
  restoreAccount,
  unblockSignIn,
} from '../account-state.js';
import { type AuditEvent, auditEvent } from '../audit-event.js';
import { type BusinessUnitChange, changeBusinessUnit } from '../business-unit-change.js';
import { instantOf, type LifecycleEnvironment } from '../environment.js';
import { type CreatedInvitation, type CreateInvitationRequest, createInvitation } from '../invitation.js';
import {
  assignLicences,
  type LicenceHolder,
  type LicenceState,
  type LicenceTransition,
  removeLicences,
} from '../licence-pool.js';
import { ownFields } from '../own.js';
import {
  AccountTransitionError,
  LifecycleInputError,
  OperationNotAllowedError,
  PrivilegeElevationError,
} from '../refusals.js';
import {
  assignSecurityRole,
  elevationIn,
  heldPrivileges,
  type RoleAssignment,
  type RoleAssignmentSettings,
  removeSecurityRole,
} from '../role-assignment.js';
import type { AccessMode, LifecycleUser } from '../user.js';
import { authorizeAccessModeChange } from './access-mode-authority.js';
import {
  type AdministeredCustomerAccount,
  assignAccountWebRole,
  type CustomerAccountInput,
  removeAccountWebRole,
} from './account-web-roles.js';
import { assertHoldsAdministrativeRole } from './administrative-elevation.js';
import type { AdministrativeTargetInput } from './administrative-target.js';
import { actorIdOf, authorize } from './authorize.js';
import { assertMayHandOutWebRole, authorizeInvitedContact } from './invitation-authority.js';
import { assignerOf, securityRoleGrantsOf, teamGrantsOf } from './role-grants.js';

/** An account an administrator acts on: a contact or an internal user as the host stores it. */
export type ManagedAccount = AdministrativeTargetInput & {
  readonly state?: ContactPrincipal['state'];
  readonly mustChangePassword?: boolean | undefined;
};

/** An account with the web roles and administrative roles it holds, for role operations. */
export type RoleHolder = ManagedAccount & { readonly webRoles?: readonly string[] | undefined };

/** An account after a web-role change: its list of web roles is always present. */
export type WithWebRoles<TAccount> = TAccount & { readonly webRoles: readonly string[] };

/** An account after an administrative-role change: its list of administrative roles is always present. */
export type WithAdministrativeRoles<TAccount> = TAccount & {
  readonly administrativeRoles: readonly string[];
};

/** An account changed by an administrator, and the audit event naming them. */
export interface AdministeredAccount<TAccount> {
  readonly account: TAccount;
  readonly event: AuditEvent;
}

/**
 * Fields `updateUser` may not change: each has its own operation (state, passwords, licences, roles, teams)
 * or never changes (identity), so an update can never be a back door to a privilege.
 */
export const GOVERNED_FIELDS = [
  'kind',
  'id',
  'state',
  'enabled',
  'mustChangePassword',
  'licensed',
  'securityRoles',
  'teams',
  'webRoles',
  'administrativeRoles',
  'accessMode',
  'userType',
  'registeredVia',
  // Entra roles come from the tenant; the pending invitation only the user lifts; a move has its own rules.
  'entraRoles',
  'invitationPending',
  'businessUnitId',
] as const;

/** The lifecycle transitions, each performed by one actor whose ability must allow it (see `administrationBy`). */
export interface Administration {
  /**
   * Invites contacts. Authorized on each contact as it is and as redemption will leave it (its new account,
   * its web roles): `invite` on both; `assignRole` when the invitation assigns web roles; `updateUser` when it
   * moves the contact to another account; `assignLicense` when the invitation holds a licence seat.
   */
  invite(request: Omit<CreateInvitationRequest, 'policy' | 'actorId'>): Promise<CreatedInvitation>;
  /**
   * Records a new account (`createUser` on it). It starts with nothing a dedicated operation governs: no role,
   * no licence, an interactive person (`read-write` or `read`), so roles, licences (the seat pool), access
   * modes (the non-interactive limit) and application users go through their own checked operations.
   */
  createUser<TAccount extends RoleHolder>(account: TAccount): AdministeredAccount<TAccount>;
  /** Changes an account's other fields (`updateUser` on it before and after the change). */
  updateUser<TAccount extends ManagedAccount>(
    before: TAccount,
    after: TAccount,
  ): AdministeredAccount<TAccount>;
  disable<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  enable<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  /** `blockSignIn` covers lifting the block too. */
  blockSignIn<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  unblockSignIn<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  resetPassword<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  deleteAccount<TAccount extends ManagedAccount>(
    account: TAccount,
  ): AccountTransition<TAccount> & { readonly deletion: Deletion };
  /**
   * `restore` on the account; restoring a licensed user takes a seat again, so it also needs `assignLicense`
   * on it and the licence state (refused when no seat is free).
   */
  restore<TAccount extends ManagedAccount>(
    account: TAccount,
    deletion: Deletion,
    licences?: LicenceState,
  ): AccountTransition<TAccount>;
  purge<TAccount extends ManagedAccount>(account: TAccount): AccountTransition<TAccount>;
  /** `assignLicense` on every user named (users without `kind` count as internal users). */
  assignLicences<TUser extends LicenceHolder>(
    state: LicenceState<TUser>,
    userIds: readonly string[],
  ): LicenceTransition<TUser>;
  removeLicences<TUser extends LicenceHolder>(
    state: LicenceState<TUser>,
    userIds: readonly string[],
  ): LicenceTransition<TUser>;
  /** `assignRole` on the user, then the lifecycle's rules, anti-elevation included, with the policy's roles. */
  assignSecurityRole<TUser extends LifecycleUser & ManagedAccount>(
    user: TUser,
    role: string,
    settings?: RoleAssignmentSettings,
  ): RoleAssignment<TUser>;
  removeSecurityRole<TUser extends LifecycleUser & ManagedAccount>(
    user: TUser,
    role: string,
  ): RoleAssignment<TUser>;
  /**
   * Moves a user to another business unit (`updateUser` on it before and after). The move removes its
   * security roles unless the policy's `internalUsers.DoNotRemoveRolesOnChangeBusinessUnit` keeps them; either
   * way the roles change, so it also takes `assignRole` on the user before and after, and roles kept count from
   * the new unit, so the actor must hold each of them as for an assignment (no elevation).
   */
  changeBusinessUnit<TUser extends LifecycleUser & ManagedAccount>(
    user: TUser,
    businessUnitId: string,
  ): BusinessUnitChange<TUser>;
  /**
   * Changes a user's access mode (`updateUser` on it before and after); a mode that needs no licence
   * (administrative, non-interactive) given to an unlicensed person also takes `assignLicense` on it (D22).
   * `users` are the environment's users: the non-interactive limit counts them.
   */
  changeAccessMode<TUser extends LifecycleUser & ManagedAccount>(
    users: readonly TUser[],
    userId: string,
    accessMode: AccessMode,
  ): { readonly users: readonly TUser[]; readonly event: AuditEvent };
  /** `assignRole` on the contact; a contact may hand out only web roles it holds itself. */
  assignWebRole<TContact extends RoleHolder>(
    contact: TContact,
    role: string,
  ): AdministeredAccount<WithWebRoles<TContact>>;
  removeWebRole<TContact extends RoleHolder>(
    contact: TContact,
    role: string,
  ): AdministeredAccount<WithWebRoles<TContact>>;
  /**
   * Links a web role to a customer account, so every contact under it holds it (`accountWebRoles`): `assignRole`
   * on the account and on each of `contacts` (all of the account's) as they are and become; no elevation.
   */
  assignAccountWebRole<TAccount extends CustomerAccountInput>(
    account: TAccount,
    role: string,
    contacts: readonly ContactPrincipal[],
  ): AdministeredCustomerAccount<TAccount>;
  removeAccountWebRole<TAccount extends CustomerAccountInput>(
    account: TAccount,
    role: string,
    contacts: readonly ContactPrincipal[],
  ): AdministeredCustomerAccount<TAccount>;
  /** `manageRoles` on the account, and the actor must hold every power the role grants. */
  assignAdministrativeRole<TAccount extends RoleHolder>(
    account: TAccount,
    role: string,
  ): AdministeredAccount<WithAdministrativeRoles<TAccount>>;
  removeAdministrativeRole<TAccount extends RoleHolder>(
    account: TAccount,
    role: string,
  ): AdministeredAccount<WithAdministrativeRoles<TAccount>>;
}

function governedChanges(before: object, after: object): string[] {
  const read = (value: object, key: string): unknown =>
    JSON.stringify((value as Record<string, unknown>)[key]);
  return GOVERNED_FIELDS.filter((field) => read(before, field) !== read(after, field));
}

function refuseGoverned(fields: readonly string[]): never {
  throw new LifecycleInputError(
    fields.map((field) => ({
      code: 'governed_field',
      path: ['after', field],
      message: `"${field}" cannot be changed by an update; use its own operation (state changes, resetPassword, licences, role assignment)`,
    })),
  );
}

const ROLE_LISTS = ['securityRoles', 'webRoles', 'administrativeRoles', 'teams', 'entraRoles'] as const;

/** The values a new account may start with in each governed field it may set at all. */
const CREATABLE: Readonly<Record<string, readonly unknown[]>> = {
  licensed: [undefined, false],
  accessMode: [undefined, 'read-write', 'read'],
  userType: [undefined, 'person', 'stub'],
  state: [undefined, 'active', 'blocked', 'disabled'],
  registeredVia: [undefined, 'administrator'],
};

const CREATION_HINTS: Readonly<Record<string, string>> = {
  licensed: 'create it unlicensed, then use assignLicences (it checks assignLicense and the seat pool)',
  accessMode:
    'create it read-write or read, then use changeAccessMode (it enforces the limit of non-interactive users)',
  userType: 'application users are registered by the host (importUsers), not by an administrator',
  state: 'a new account starts active, blocked or disabled',
  registeredVia: 'an account an administrator creates is registered via "administrator"',
};

// A new account must not start with anything the operation that governs a field would refuse: creating is
// never a way around assignRole, assignLicense, the seat pool or the non-interactive limit.
function creationIssues(account: object): Issue[] {
  const own = (field: string): unknown =>
    Object.hasOwn(account, field) ? (account as Record<string, unknown>)[field] : undefined;
  const issues: Issue[] = [];
  for (const field of ROLE_LISTS) {
    const value = own(field);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      issues.push({
        code: 'governed_field',
        path: ['account', field],
        message: `a new account holds no ${field}; create it without them and assign each through its own operation`,
      });
    }
  }
  for (const [field, allowed] of Object.entries(CREATABLE)) {
    if (!allowed.includes(own(field))) {
      issues.push({
        code: 'governed_field',
        path: ['account', field],
        message: `a new account cannot start with ${field} ${JSON.stringify(own(field))}; ${CREATION_HINTS[field]}`,
      });
    }
  }
  if (own('userType') === 'stub' && own('enabled') === true) {
    issues.push({
      code: 'stub_user',
      path: ['account', 'enabled'],
      message: 'a stub user cannot be enabled; set enabled to false',
    });
  }
  return issues;
}

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
 * and names the actor in every audit event.
 *
 * @example
 * const admin = administrationBy(abilityFor(policy, passwordAdmin), systemEnvironment);
 * admin.resetPassword(colleague);   // accepted, event.actorId === passwordAdmin.id
 * admin.resetPassword(globalAdmin); // throws OperationNotAllowedError
 */
export function administrationBy(actor: PortalAbility, environment: LifecycleEnvironment): Administration {
  const { policy } = actor;
  const index = policyIndexOf(policy);
  const actorRoles = () =>
    actor.principal.kind === 'anonymous'
      ? []
      : heldAdministrativeRoles(index, actor.principal.administrativeRoles);
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
