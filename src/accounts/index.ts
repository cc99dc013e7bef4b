// The accounts entry (`portal-permissions/accounts`): invitations, account states, licences, role assignment,
// bulk import and administrative roles, as pure transitions with an injected clock. Built on the core entry;
// test/entry-points.test.ts pins this list.

export {
  type AdministrativeRole,
  type AdministrativeRoleInput,
  BUILT_IN_ADMINISTRATIVE_ROLES,
  type BuiltInAdministrativeRoleName,
} from '../policy/administrative-role.js';
export type { InternalUserSettings } from '../policy/internal-users.js';
export { type AccessMode, ENTRA_ROLES, type EntraRole } from '../principal/user.js';
export {
  changeAccessMode,
  MAX_NON_INTERACTIVE_USERS,
} from './access-mode.js';
export {
  type Deletion,
  deleteAccount,
  isPurgeDue,
  purgeAccount,
  RESTORE_WINDOW_MS,
  restoreAccount,
} from './account-deletion.js';
export {
  type AccountTransition,
  blockSignIn,
  changePassword,
  disableAccount,
  enableAccount,
  type LifecycleAccount,
  resetPassword,
  unblockSignIn,
} from './account-state.js';
export type {
  AdministeredCustomerAccount,
  CustomerAccountInput,
} from './administrative-roles/account-web-roles.js';
export type {
  AdministeredAccount,
  Administration,
  ManagedAccount,
} from './administrative-roles/administration.js';
export { administrationBy } from './administrative-roles/administration-by.js';
export {
  type AdministrativeTarget,
  type AdministrativeTargetInput,
  administrativeTarget,
} from './administrative-roles/administrative-target.js';
export type { AuditDetail, AuditEvent } from './audit-event.js';
export {
  type BulkImport,
  BulkImportError,
  type ContactImport,
  type ContactImportPreview,
  type ContactImportRequest,
  type ImportIssue,
  importContacts,
  previewContactImport,
} from './bulk-import.js';
export {
  type BusinessUnitChange,
  type BusinessUnitChangeRequest,
  type BusinessUnitChangeSettings,
  changeBusinessUnit,
} from './business-unit-change.js';
export { type CsvParseResult, parseCsv } from './csv.js';
export { DAY_MS, type LifecycleEnvironment, systemEnvironment } from './environment.js';
export {
  type HeaderReport,
  type IgnoredHeader,
  type MappedHeader,
  PARTNER_CENTER_CUSTOMER_USER_COLUMNS,
  PARTNER_CENTER_REQUIRED_HEADERS,
} from './import-headers.js';
export type { ImportedProfile } from './import-profile.js';
export {
  type CreatedInvitation,
  type CreateInvitationRequest,
  createInvitation,
  deactivateInvitation,
  type Invitation,
  type InvitedAccount,
  isPending,
} from './invitation.js';
export { EMAIL_MAX_LENGTH, emailKey } from './invitation-email.js';
export {
  inviteNewcomers,
  type NewcomerAccount,
  type NewcomerInvitationRequest,
} from './invitation-newcomers.js';
export {
  ContactNotInvitableError,
  InvitationAlreadyRedeemedError,
  InvitationBusyError,
  InvitationCodeMismatchError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNewcomersOnlyError,
  InvitationNotForContactError,
  RegistrationDisabledError,
} from './invitation-refusals.js';
export {
  type InvitationRegistration,
  type InvitationRegistrationRequest,
  registerByInvitation,
} from './invitation-registration.js';
export { type InvitationStore, registerWithStore } from './invitation-store.js';
export {
  assignLicences,
  type LicenceHolder,
  type LicenceState,
  type LicenceTransition,
  removeLicences,
  seatShortfall,
  seatsInUse,
} from './licence-pool.js';
export {
  assertNoPasswordChangePending,
  isPasswordChangePending,
  PASSWORD_CHANGE_OPERATION,
  PasswordChangeRequiredError,
} from './password-change.js';
export {
  type RedeemedInvitation,
  type RedeemInvitationRequest,
  redeemInvitation,
} from './redeem-invitation.js';
export {
  AccountTransitionError,
  AdministrativeElevationError,
  ForeignBusinessUnitRoleError,
  isLifecycleRefusal,
  LicencePoolExhaustedError,
  LifecycleInputError,
  LifecycleRefusal,
  NonInteractiveLimitError,
  OperationNotAllowedError,
  PrivilegeElevationError,
  RestoreWindowClosedError,
  RoleAssignmentOnDisabledUserError,
  SignInRefusedError,
  StubUserError,
  WebRoleElevationError,
} from './refusals.js';
export { acceptReinvitation } from './reinvitation.js';
export {
  type AssignSecurityRoleRequest,
  assignSecurityRole,
  type RoleAssignment,
  removeSecurityRole,
} from './role-assignment.js';
export { assertCanSignIn } from './sign-in.js';
export type { LifecycleUser, SecurityRoleGrant, TeamGrant } from './user.js';
export { importUsers, type UserImportRequest } from './user-import.js';
