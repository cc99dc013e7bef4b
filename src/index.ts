export {
  type AbilityOptions,
  type Action,
  abilityFor,
  PortalAbility,
  type PortalSubject,
  subject,
  type TaggedRecord,
} from './ability.js';
export { canAssign, canAttach, canCreateAttached } from './attach.js';
export type {
  AndCondition,
  Condition,
  EqCondition,
  InCondition,
  OrCondition,
  ParentCondition,
  SharedCondition,
} from './compile/condition.js';
export type { RecordPredicate } from './compile/matcher.js';
export type {
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
export type { BusinessUnit, BusinessUnitInput } from './policy/business-unit.js';
export { definePolicy, type TableNameOf } from './policy/define-policy.js';
export type { Policy } from './policy/policy.js';
export {
  MAX_PARENT_DEPTH,
  SCOPES,
  type Scope,
  TABLE_PERMISSION_PRIVILEGES,
  type TablePermissionPrivilege,
} from './policy/privilege.js';
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
export type { TableDefinition, TableInput } from './policy/table.js';
export type { TablePermission, TablePermissionInput } from './policy/table-permission.js';
export { TEAM_TYPES, type Team, type TeamInput, type TeamType } from './policy/team.js';
export type { WebRole, WebRoleInput } from './policy/web-role.js';
export { ACCOUNT_STATES, type AccountState } from './principal/account-state.js';
export type { AnonymousPrincipal } from './principal/anonymous.js';
export type { ContactPrincipal } from './principal/contact.js';
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
