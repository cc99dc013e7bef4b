import type { WebRoleProvenance } from '../base/rule.js';
import type { AdministrativeRole } from './administrative-role.js';
import type { BusinessUnit } from './business-unit.js';
import type { ColumnPermission } from './column-permission.js';
import type { ColumnSecurityProfile } from './column-security-profile.js';
import type { HierarchySettings } from './hierarchy-settings.js';
import type { InternalUserSettings } from './internal-users.js';
import type { Page, PageRule } from './page.js';
import type {
  AdministrativeRoleOf,
  PolicyTypes,
  PolicyTypesLike,
  PolicyTypesOf,
  SecurityRoleOf,
  TableOf,
  WebRoleOf,
} from './policy-types.js';
import type { RegistrationSettings } from './registration.js';
import type { PolicyInput } from './schema.js';
import type { RoleGrant, SecurityRole } from './security-role.js';
import type { TableDefinition } from './table.js';
import type { TablePermission } from './table-permission.js';
import type { Team } from './team.js';
import type { WebRole } from './web-role.js';

/** A definition whose `name` is one of `TName` (a policy literal's role names, `string` otherwise). */
type NamedAs<TDefinition, TName extends string> = TDefinition & { readonly name: TName };

/**
 * A validated, immutable policy, as returned by `definePolicy`. `TTypes` holds the names it declares (tables
 * with their columns, web roles, security roles, administrative roles, page ids), inferred from a policy
 * literal; plain strings for a policy loaded from JSON. A union of table names is accepted too
 * (`Policy<'salesorder'>`).
 */
export interface Policy<TTypes extends PolicyTypesLike = PolicyTypes> {
  /**
   * Type-only, never present at run time: carries `TTypes` so that abilities and helpers built from this
   * policy check names against it (the `~` keeps it last in completion lists, as Standard Schema's `~standard`).
   */
  readonly '~types'?: PolicyTypesOf<TTypes>;
  readonly tables: Readonly<Record<TableOf<TTypes>, TableDefinition>>;
  /** The web roles, named as the policy declares them (so a catalog read from here carries the names). */
  readonly webRoles: readonly NamedAs<WebRole, WebRoleOf<TTypes>>[];
  readonly tablePermissions: readonly TablePermission[];
  /** Portal column permission profiles (SPEC 1.7); empty when no table restricts columns for contacts. */
  readonly columnPermissions: readonly ColumnPermission[];
  /** Dataverse column security profiles (SPEC 2.8). */
  readonly columnSecurityProfiles: readonly ColumnSecurityProfile[];
  /** The table whose rows are contacts (self scope); `contact` by default. */
  readonly contactTable: string;
  readonly businessUnits: readonly BusinessUnit[];
  /** The security roles, named as the policy declares them (a role catalog read from here carries the names). */
  readonly securityRoles: readonly NamedAs<SecurityRole, SecurityRoleOf<TTypes>>[];
  readonly teams: readonly Team[];
  /** Roles may be assigned from any business unit (modernized business units). */
  readonly matrixDataAccess: boolean;
  /** How contacts may sign up, defaults applied (open registration off, invitations on). */
  readonly registration: RegistrationSettings;
  /** The built-in administrative roles followed by the policy's own, named as the policy declares them. */
  readonly administrativeRoles: readonly NamedAs<AdministrativeRole, AdministrativeRoleOf<TTypes>>[];
  /** The site's page tree (web pages and web files); empty when the policy declares none. */
  readonly pages: readonly Page[];
  /** Webpage access control rules, in policy order. */
  readonly pageRules: readonly PageRule[];
  /** Hierarchy security, defaults applied; absent when off (the default). */
  readonly hierarchy?: HierarchySettings;
  /** Internal users' lifecycle settings, defaults applied. */
  readonly internalUsers: InternalUserSettings;
  /** Things that are valid but do nothing (an inactive permission, a permission with no web role). */
  readonly warnings: readonly {
    readonly code: string;
    readonly path: readonly (string | number)[];
    readonly message: string;
  }[];
  /** A 64-bit content hash: two policies with the same content have the same version (for logs and audit). */
  readonly version: string;
}

/** Lookups computed once per policy so that building an ability is a handful of map reads. */
export interface PolicyIndex {
  /** The validated (frozen) document the policy was defined from: the plain form the reference evaluator reads. */
  readonly input: PolicyInput;
  readonly tables: ReadonlyMap<string, TableDefinition>;
  readonly permissions: ReadonlyMap<string, TablePermission>;
  /** Effective permissions by web role name. */
  readonly permissionsByRole: ReadonlyMap<string, readonly TablePermission[]>;
  readonly webRoles: ReadonlyMap<string, WebRole>;
  readonly authenticatedRole: string | undefined;
  readonly anonymousRole: string | undefined;
  readonly businessUnits: ReadonlyMap<string, BusinessUnit>;
  /** A unit and every unit below it, as a frozen array shared by every ability of the policy. */
  readonly subtreeOf: (businessUnit: string) => readonly string[];
  readonly securityRoles: ReadonlyMap<string, SecurityRole>;
  /** Each role's grants by table and level. */
  readonly roleGrants: ReadonlyMap<string, readonly RoleGrant[]>;
  readonly teams: ReadonlyMap<string, Team>;
  /** Positions in the policy, so compiled rules follow policy order whatever order a principal lists. */
  readonly securityRoleOrder: ReadonlyMap<string, number>;
  readonly teamOrder: ReadonlyMap<string, number>;
  /** Effective table permissions with privileges, in policy order, with what every rule of theirs shares. */
  readonly webRolePlans: readonly WebRolePlan[];
  /** Administrative roles (built-in and the policy's) by name. */
  readonly administrativeRoles: ReadonlyMap<string, AdministrativeRole>;
}

/** The parts of a table permission's rule that do not depend on the principal, computed once per policy. */
export interface WebRolePlan {
  readonly permission: TablePermission;
  /** The privileges whose rule uses the scope's coverage (all but a separately checked create). */
  readonly actions: string[];
  /** True when the scope checks a created record more strictly than the others (`createCoverage`, D6). */
  readonly separateCreate: boolean;
  readonly reason: string;
  readonly provenance: Omit<WebRoleProvenance, 'webRoles'>;
}
