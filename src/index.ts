export {
  type AbilityOptions,
  type Action,
  abilityFor,
  PortalAbility,
  type PortalSubject,
  subject,
  type TaggedRecord,
} from './ability.js';
export { AbilityCache } from './ability-cache.js';
export {
  type AdministeredAccount,
  type Administration,
  administrationBy,
  GOVERNED_FIELDS,
  type ManagedAccount,
  type RoleHolder,
  type WithAdministrativeRoles,
  type WithWebRoles,
} from './admin/administration.js';
export {
  administrativeGrantOf,
  assertHoldsAdministrativeRole,
  heldAdministrativePrivileges,
} from './admin/administrative-elevation.js';
export {
  type AdministrativeTarget,
  type AdministrativeTargetInput,
  administrativeTarget,
} from './admin/administrative-target.js';
export { authorize } from './admin/authorize.js';
export { canAssign, canAttach, canCreateAttached } from './attach.js';
export { IS_ADMINISTRATOR_FIELD } from './compile/administrative-rules.js';
export { allowsColumn, type ColumnAccess, type ColumnAccessMap } from './compile/column-access.js';
export { EVERY_COLUMN } from './compile/column-rules.js';
export type {
  AndCondition,
  Condition,
  EqCondition,
  InCondition,
  OrCondition,
  ParentCondition,
  SharedCondition,
} from './compile/condition.js';
export { conditionsMatcher, type RecordPredicate } from './compile/matcher.js';
export type {
  AdministrativeRoleProvenance,
  ColumnRestrictionProvenance,
  CompiledPrincipal,
  Denial,
  OwnRowProvenance,
  PortalRawRule,
  Provenance,
  RecordShareProvenance,
  SecurityRoleProvenance,
  WebRoleProvenance,
} from './compile/rule.js';
export {
  formatPath,
  type Issue,
  isPolicyValidationError,
  isPortalPermissionsError,
  isPrincipalValidationError,
  type JsonPath,
  PolicyValidationError,
  PortalPermissionsError,
  PrincipalValidationError,
} from './errors.js';
export type {
  ConditionFailure,
  FoundValue,
  ParentFailure,
  SharedFailure,
} from './explain/condition-failure.js';
export type { DormantGrant } from './explain/dormant-grants.js';
export {
  type AllowedExplanation,
  type DenialReason,
  type DeniedExplanation,
  type ExplainOptions,
  type Explanation,
  explain,
  type FailedGrant,
  type Grant,
} from './explain/explain.js';
export type { GrantDescription } from './explain/grant-describers.js';
export {
  assertNonInteractiveLimit,
  changeAccessMode,
  countsAsNonInteractive,
  MAX_NON_INTERACTIVE_USERS,
} from './lifecycle/access-mode.js';
export {
  type AccountTransition,
  blockSignIn,
  changePassword,
  type Deletion,
  deleteAccount,
  disableAccount,
  enableAccount,
  isPurgeDue,
  type LifecycleAccount,
  purgeAccount,
  RESTORE_WINDOW_MS,
  resetPassword,
  restoreAccount,
  stateOf,
  unblockSignIn,
} from './lifecycle/account-state.js';
export type { AuditDetail, AuditEvent } from './lifecycle/audit-event.js';
export {
  type BulkImport,
  BulkImportError,
  CONTACT_IMPORT_COLUMNS,
  type ImportIssue,
  importContacts,
  importUsers,
  USER_IMPORT_COLUMNS,
  type UserImportRequest,
} from './lifecycle/bulk-import.js';
export { type CsvParseResult, type CsvRecord, type CsvSyntaxProblem, parseCsv } from './lifecycle/csv.js';
export { DAY_MS, instantOf, type LifecycleEnvironment, systemEnvironment } from './lifecycle/environment.js';
export {
  type CreatedInvitation,
  type CreateInvitationRequest,
  createInvitation,
  DEFAULT_INVITATION_LIFETIME_MS,
  deactivateInvitation,
  type Invitation,
  type InvitationType,
  isPending,
} from './lifecycle/invitation.js';
export {
  assertSeatsAvailable,
  assignLicences,
  type LicenceHolder,
  type LicenceState,
  type LicenceTransition,
  removeLicences,
  type SeatReservation,
  seatShortfall,
  seatsInUse,
} from './lifecycle/licence-pool.js';
export {
  type RedeemedInvitation,
  type RedeemInvitationRequest,
  redeemInvitation,
} from './lifecycle/redeem-invitation.js';
export {
  AccountTransitionError,
  AdministrativeElevationError,
  ContactNotInvitableError,
  ForeignBusinessUnitRoleError,
  InvitationAlreadyRedeemedError,
  InvitationCodeMismatchError,
  InvitationExhaustedError,
  InvitationExpiredError,
  InvitationInactiveError,
  InvitationNotForContactError,
  isLifecycleRefusal,
  LicencePoolExhaustedError,
  LifecycleInputError,
  LifecycleRefusal,
  NonInteractiveLimitError,
  OperationNotAllowedError,
  PrivilegeElevationError,
  RegistrationDisabledError,
  RestoreWindowClosedError,
  RoleAssignmentOnDisabledUserError,
  SignInRefusedError,
  StubUserError,
  WebRoleElevationError,
} from './lifecycle/refusals.js';
export {
  type AssignSecurityRoleRequest,
  assignSecurityRole,
  elevationIn,
  heldPrivileges,
  type RoleAssignment,
  type RoleAssignmentSettings,
  removeSecurityRole,
} from './lifecycle/role-assignment.js';
export { assertCanSignIn, type SessionKind } from './lifecycle/sign-in.js';
export {
  type LifecycleUser,
  levelRank,
  type SecurityRoleGrant,
  type TeamGrant,
} from './lifecycle/user.js';
export { canCreate, permittedColumns, pickPermitted } from './permitted-columns.js';
export {
  ADMINISTRATIVE_OPERATIONS,
  ADMINISTRATIVE_TARGET_KINDS,
  type AdministrativeOperation,
  type AdministrativeRole,
  type AdministrativeRoleInput,
  type AdministrativeTargetKind,
  type AdministrativeTargets,
  BUILT_IN_ADMINISTRATIVE_ROLES,
} from './policy/administrative-role.js';
export type { BusinessUnit, BusinessUnitInput } from './policy/business-unit.js';
export {
  COLUMN_ACTIONS,
  type ColumnAction,
  type ColumnPermission,
  type ColumnPermissionInput,
} from './policy/column-permission.js';
export type {
  ColumnSecurityProfile,
  ColumnSecurityProfileInput,
} from './policy/column-security-profile.js';
export { definePolicy, type TableNameOf } from './policy/define-policy.js';
export { policyJsonSchema } from './policy/json-schema.js';
export type { Policy } from './policy/policy.js';
export {
  MAX_PARENT_DEPTH,
  SCOPES,
  type Scope,
  TABLE_PERMISSION_PRIVILEGES,
  type TablePermissionPrivilege,
} from './policy/privilege.js';
export type { RegistrationInput, RegistrationSettings } from './policy/registration.js';
export type { PolicyInput } from './policy/schema.js';
export {
  ACCESS_LEVELS,
  type AccessLevel,
  MEMBER_PRIVILEGE_INHERITANCES,
  type MemberPrivilegeInheritance,
  type RoleAssignmentInput,
  SECURITY_ROLE_PRIVILEGES,
  type SecurityRole,
  type SecurityRoleInput,
  type SecurityRolePrivilege,
} from './policy/security-role.js';
export type {
  ShareTableInput,
  SqlMappingInput,
  TableDefinition,
  TableInput,
} from './policy/table.js';
export type { TablePermission, TablePermissionInput } from './policy/table-permission.js';
export { TEAM_TYPES, type Team, type TeamInput, type TeamType } from './policy/team.js';
export type { WebRole, WebRoleInput } from './policy/web-role.js';
export { ACCOUNT_STATES, type AccountState } from './principal/account-state.js';
export type { AnonymousPrincipal } from './principal/anonymous.js';
export { type ContactPrincipal, REGISTRATION_METHODS, type RegistrationMethod } from './principal/contact.js';
export type { Principal, ValidPrincipal, ValidUserPrincipal } from './principal/principal.js';
export {
  ACCESS_MODES,
  type AccessMode,
  SESSIONS,
  type Session,
  USER_TYPES,
  type UserPrincipal,
  type UserType,
} from './principal/user.js';
export {
  type AccessibleColumns,
  type AccessibleColumnsOptions,
  accessibleColumns,
} from './query/accessible-columns.js';
export { accessibleWhere } from './query/accessible-where.js';
export type { AccessibleWhereOptions, SqlFilter } from './query/condition-where.js';
export type { DialectName, SqlParameter } from './query/dialect.js';
export { filterAccessible } from './query/filter-accessible.js';
export type { SqlMapping } from './query/sql-mapping.js';
export type { PrincipalProblem, PrincipalsByLabel } from './review/abilities.js';
export {
  type AccessMatrix,
  type AccessMatrixCell,
  type AccessMatrixOptions,
  type AccessMatrixRow,
  accessMatrix,
  cellText,
  type RecordsByLabel,
} from './review/access-matrix.js';
export {
  type AccessChange,
  type AccessDiff,
  type AccessSide,
  accessDiffToMarkdown,
  type DiffAccessOptions,
  diffAccess,
  type PrincipalAccessChanges,
} from './review/diff-access.js';
export { matrixToCsv } from './review/matrix-csv.js';
export { type MatrixHtmlOptions, matrixToHtml } from './review/matrix-html.js';
export { type MatrixRenderOptions, matrixToMarkdown } from './review/matrix-markdown.js';
export { canUpdate } from './update.js';
