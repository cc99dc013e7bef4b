// The core entry: what a server needs to decide. Account administration is `portal-permissions/accounts`,
// the property-test kit `portal-permissions/testing`; test/entry-points.test.ts pins this list.
export { PortalAbility } from './ability/ability.js';
export { AbilityCache } from './ability/ability-cache.js';
export { abilityFor } from './ability/ability-for.js';
export type { AbilityOptions } from './ability/ability-options.js';
export { canAssign, canAttach, canCreateAttached } from './ability/attach.js';
export { configure, type PortalPermissionsConfig } from './ability/config.js';
export { type PageSubject, page } from './ability/page-subject.js';
export { canCreate, permittedColumns, pickPermitted } from './ability/permitted-columns.js';
export type { Action, PortalSubject } from './ability/portal-subject.js';
export { subject, type TaggedRecord } from './ability/subject.js';
export { canUpdate } from './ability/update.js';
export {
  allowsColumn,
  COLUMN_ACTIONS,
  type ColumnAccess,
  type ColumnAccessMap,
  type ColumnAction,
} from './base/column-access.js';
export type { Condition } from './base/condition.js';
export type { ErrorCode } from './base/error-codes.js';
export {
  type Issue,
  isPolicyValidationError,
  isPortalPermissionsError,
  isPrincipalValidationError,
  type JsonPath,
  PolicyValidationError,
  PortalPermissionsError,
  PrincipalValidationError,
} from './base/errors.js';
export { conditionsMatcher, type RecordPredicate } from './base/matcher.js';
export {
  MAX_PARENT_DEPTH,
  type Scope,
  TABLE_PERMISSION_PRIVILEGES,
  type TablePermissionPrivilege,
} from './base/privilege.js';
export type { PortalRawRule, Provenance } from './base/rule.js';
export { EVERY_COLUMN } from './compile/column-rules.js';
export { type ExplainOptions, type Explanation, explain } from './explain/explain.js';
export {
  type CoveringPageRule,
  explainPage,
  type PageExplanation,
  type PageRestriction,
} from './explain/page-explanation.js';
export type { ShareGrantee, SharePath } from './explain/share-path.js';
export { CASCADE_TYPES, type CascadeConfigurationInput, type CascadeType } from './policy/cascade.js';
export type { ColumnPermission, ColumnPermissionInput } from './policy/column-permission.js';
export type { ColumnSecurityProfile, ColumnSecurityProfileInput } from './policy/column-security-profile.js';
export { definePolicy } from './policy/define-policy.js';
export type { HierarchyInput, HierarchyModel, HierarchySettings } from './policy/hierarchy-settings.js';
export type { InternalUsersInput } from './policy/internal-users.js';
export type { ManyToManyInput } from './policy/many-to-many.js';
export type { PageAction, PageInput, PageRuleInput } from './policy/page.js';
export type { Policy } from './policy/policy.js';
export type {
  AdministrativeRoleOf,
  ColumnOf,
  PageIdOf,
  PolicyTypes,
  PolicyTypesOf,
  SecurityRoleOf,
  TableOf,
  WebRoleOf,
} from './policy/policy-types.js';
export type { PolicyInput } from './policy/schema.js';
export { ACCESS_LEVELS, type AccessLevel } from './policy/security-role.js';
export type { TableInput } from './policy/table.js';
export type { TablePermissionInput } from './policy/table-permission.js';
export { ACCOUNT_STATES, type AccountState } from './principal/account-state.js';
export type { AnonymousPrincipal } from './principal/anonymous.js';
export type { ContactPrincipal } from './principal/contact.js';
export type { Principal } from './principal/principal.js';
export {
  type HierarchyMember,
  type HierarchyPosition,
  type HierarchyReports,
  type HierarchyReportsOptions,
  hierarchyReports,
} from './principal/reports.js';
export type { Report, Reports } from './principal/reports-schema.js';
export type { EntraRole, UserPrincipal } from './principal/user.js';
export {
  type AccessibleColumns,
  type AccessibleColumnsOptions,
  accessibleColumns,
} from './query/accessible-columns.js';
export { accessibleWhere } from './query/accessible-where.js';
export type { AccessibleWhereOptions, SqlFilter } from './query/condition-where.js';
export type { DialectName, SqlParameter } from './query/dialect.js';
export { filterAccessible } from './query/filter-accessible.js';
export { type AccessMatrix, type AccessMatrixOptions, accessMatrix } from './review/access-matrix.js';
export {
  type AccessDiff,
  accessDiffToMarkdown,
  type DiffAccessOptions,
  diffAccess,
} from './review/diff-access.js';
export { matrixToCsv } from './review/matrix-csv.js';
export { matrixToHtml } from './review/matrix-html.js';
export { matrixToMarkdown } from './review/matrix-markdown.js';
export { type PageAccessMatrixOptions, pageAccessMatrix } from './review/page-matrix.js';
