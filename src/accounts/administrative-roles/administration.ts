import type { NameArgument } from '../../ability/portal-subject.js';
import type {
  AdministrativeRoleOf,
  PolicyTypes,
  PolicyTypesLike,
  SecurityRoleOf,
  WebRoleOf,
} from '../../policy/policy-types.js';
import type { ContactPrincipal } from '../../principal/contact.js';
import type { Deletion } from '../account-deletion.js';
import type { AccountTransition } from '../account-state.js';
import type { AuditEvent } from '../audit-event.js';
import type { BusinessUnitChange } from '../business-unit-change.js';
import type { CreatedInvitation, CreateInvitationRequest } from '../invitation.js';
import type { NewcomerInvitationRequest } from '../invitation-newcomers.js';
import type { LicenceHolder, LicenceState, LicenceTransition } from '../licence-pool.js';
import type { RoleAssignment, RoleAssignmentSettings } from '../role-assignment.js';
import type { AccessMode, LifecycleUser } from '../user.js';
import type { AdministeredCustomerAccount, CustomerAccountInput } from './account-web-roles.js';
import type { AdministrativeTargetInput } from './administrative-target.js';

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
 * A web role as an argument: written literally, one the actor's policy declares (a typo does not compile);
 * typed `string` (read from a request), checked at run time.
 */
type WebRoleArgument<TTypes extends PolicyTypesLike, TRole extends string> = NameArgument<
  TRole,
  WebRoleOf<TTypes>
>;

/** A security role as an argument, as `WebRoleArgument` for the policy's security roles. */
type SecurityRoleArgument<TTypes extends PolicyTypesLike, TRole extends string> = NameArgument<
  TRole,
  SecurityRoleOf<TTypes>
>;

/** An administrative role as an argument: a built-in one or one the actor's policy declares. */
type AdministrativeRoleArgument<TTypes extends PolicyTypesLike, TRole extends string> = NameArgument<
  TRole,
  AdministrativeRoleOf<TTypes>
>;

/**
 * The lifecycle transitions, each performed by one actor whose ability must allow it (see `administrationBy`).
 * `TTypes` are the names of the actor's policy: web, security and administrative roles written literally must
 * be declared (an administrative role may also be a built-in one).
 */
export interface Administration<TTypes extends PolicyTypesLike = PolicyTypes> {
  /**
   * Invites contacts. Authorized on each contact as it is and as redemption will leave it (its new account,
   * its web roles): `invite` on both; `assignRole` when the invitation assigns web roles; `updateUser` when it
   * moves the contact to another account; `assignLicense` when the invitation holds a licence seat.
   */
  invite<TRole extends string = string>(
    request: Omit<CreateInvitationRequest<TTypes, WebRoleArgument<TTypes, TRole>>, 'policy' | 'actorId'>,
  ): Promise<CreatedInvitation>;
  /**
   * Invites people who are not contacts yet, by email or with a group code (`inviteNewcomers`): `invite` on the
   * contact each registration creates, `assignRole` and no elevation for its web roles, `assignLicense` for a seat.
   */
  inviteNewcomers<TRole extends string = string>(
    request: NewcomerInvitationRequest<WebRoleArgument<TTypes, TRole>>,
  ): Promise<CreatedInvitation>;
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
  assignSecurityRole<TUser extends LifecycleUser & ManagedAccount, TRole extends string = string>(
    user: TUser,
    role: SecurityRoleArgument<TTypes, TRole>,
    settings?: RoleAssignmentSettings,
  ): RoleAssignment<TUser>;
  removeSecurityRole<TUser extends LifecycleUser & ManagedAccount, TRole extends string = string>(
    user: TUser,
    role: SecurityRoleArgument<TTypes, TRole>,
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
  assignWebRole<TContact extends RoleHolder, TRole extends string = string>(
    contact: TContact,
    role: WebRoleArgument<TTypes, TRole>,
  ): AdministeredAccount<WithWebRoles<TContact>>;
  removeWebRole<TContact extends RoleHolder, TRole extends string = string>(
    contact: TContact,
    role: WebRoleArgument<TTypes, TRole>,
  ): AdministeredAccount<WithWebRoles<TContact>>;
  /**
   * Links a web role to a customer account, so every contact under it holds it (`accountWebRoles`): `assignRole`
   * on the account and on each of `contacts` (all of the account's) as they are and become; no elevation.
   */
  assignAccountWebRole<TAccount extends CustomerAccountInput, TRole extends string = string>(
    account: TAccount,
    role: WebRoleArgument<TTypes, TRole>,
    contacts: readonly ContactPrincipal[],
  ): AdministeredCustomerAccount<TAccount>;
  removeAccountWebRole<TAccount extends CustomerAccountInput, TRole extends string = string>(
    account: TAccount,
    role: WebRoleArgument<TTypes, TRole>,
    contacts: readonly ContactPrincipal[],
  ): AdministeredCustomerAccount<TAccount>;
  /** `manageRoles` on the account, and the actor must hold every power the role grants. */
  assignAdministrativeRole<TAccount extends RoleHolder, TRole extends string = string>(
    account: TAccount,
    role: AdministrativeRoleArgument<TTypes, TRole>,
  ): AdministeredAccount<WithAdministrativeRoles<TAccount>>;
  removeAdministrativeRole<TAccount extends RoleHolder, TRole extends string = string>(
    account: TAccount,
    role: AdministrativeRoleArgument<TTypes, TRole>,
  ): AdministeredAccount<WithAdministrativeRoles<TAccount>>;
}
