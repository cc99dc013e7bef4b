import type { ColumnAccessMap } from './column-access.js';
import type { Condition } from './condition.js';

/** Where a compiled rule came from, so explanations can name the grant that decided. */
export type Provenance =
  | WebRoleProvenance
  | OwnRowProvenance
  | SecurityRoleProvenance
  | RecordShareProvenance
  | AdministrativeRoleProvenance
  | ColumnRestrictionProvenance
  | PageAccessProvenance
  | HierarchyProvenance;

/** The rule letting a contact or visitor view (or change) the pages webpage access control rules allow them. */
export interface PageAccessProvenance {
  readonly kind: 'pageAccess';
  /** `view` (public pages and restricted ones a held role may read) or `change` (pages a held role may edit). */
  readonly right: 'view' | 'change';
  /** The principal's web roles the decision was made for (policy order). */
  readonly webRoles: readonly string[];
  /** The roles of `webRoles` the contact holds only through its account; absent when none. */
  readonly throughAccount?: readonly string[];
}

/**
 * A rule reaching rows owned by the user's reports or their teams, or shared with them (hierarchy security);
 * the privileges come from roles.
 */
export interface HierarchyProvenance {
  readonly kind: 'hierarchy';
  readonly model: 'manager' | 'position';
  /** The owner field compared with the reports and their teams, or the shares field (`via: 'share'`). */
  readonly field: string;
  /** `share`: the rule reaches rows shared with the reports or their teams; absent: rows they own. */
  readonly via?: 'share';
  /** How many levels of reports the rule reaches (1: the direct reports); the principal lists them. */
  readonly depth: number;
  /** The first role (policy order) holding Read on the table, which hierarchy access needs. */
  readonly securityRole: string;
  readonly team?: string;
}

/** An inverted field rule: the columns of a table no held column profile grants for one action. */
export interface ColumnRestrictionProvenance {
  readonly kind: 'columnRestriction';
  readonly table: string;
  readonly action: 'read' | 'create' | 'update';
  readonly restrictedBy: 'columnPermissions' | 'securedColumns';
}

/** A rule granted by a portal table permission through one or more web roles. */
export interface WebRoleProvenance {
  readonly kind: 'tablePermission';
  /** The principal's web roles linked to the permission (policy order). */
  readonly webRoles: readonly string[];
  readonly tablePermission: string;
  readonly scope: string;
  /** The relationship field the scope compares, when it has one. */
  readonly field?: string;
  /** The contact's own account or legal entity a bounded contact scope keeps its rows in (D20). */
  readonly within?: 'account' | 'legalEntity';
  /** The permission and its ancestors, child first (parent scope). */
  readonly chain: readonly string[];
  /** The roles of `webRoles` the contact holds only through its account; absent when none. */
  readonly throughAccount?: readonly string[];
}

/** A rule granted to an internal user by a security role, held directly or through a team. */
export interface SecurityRoleProvenance {
  readonly kind: 'securityRole';
  readonly securityRole: string;
  /** The team the role comes through; absent for a role assigned to the user directly. */
  readonly team?: string;
  readonly level: string;
  /** The business unit the level is relative to (the user's, the team's, or the unit the role is assigned from). */
  readonly businessUnit: string;
  /** Set when the role is held automatically: an Entra administrator's system administrator role (seed 002). */
  readonly automatic?: 'entraAdministrator';
}

/** A rule reaching records shared with the user or their teams; the privilege itself comes from a role. */
export interface RecordShareProvenance {
  readonly kind: 'recordShare';
  readonly privilege: string;
  /** The user and the teams a share may name. */
  readonly grantees: readonly string[];
  /** The first role (policy order) holding the privilege, which the share may not exceed. */
  readonly securityRole: string;
  readonly team?: string;
  /**
   * A cascaded share: the relationships from the record up to the shared ancestor, nearest first (the
   * record's `field` holds the `key` of a `table` row…); absent for a share of the record itself.
   */
  readonly through?: readonly { readonly table: string; readonly field: string; readonly key: string }[];
}

/** The only rule a principal who must change their password keeps: their own row. */
export interface OwnRowProvenance {
  readonly kind: 'ownRow';
  readonly reason: 'mustChangePassword';
}

/** A rule letting an administrator act on accounts (reset a password, invite, delete…); never on data. */
export interface AdministrativeRoleProvenance {
  readonly kind: 'administrativeRole';
  readonly administrativeRole: string;
  /** The kind of account the rule acts on (its subject type). */
  readonly targetKind: 'user' | 'contact';
  /** The target limits the rule's conditions enforce, in a fixed order; empty for every account of the kind. */
  readonly limits: readonly ('nonAdministrators' | 'businessUnit' | 'account')[];
  /** Set when the role is an Entra directory role the principal holds (`entraRoles`), not one of the policy. */
  readonly entra?: true;
}

/**
 * A CASL raw rule as this library emits it, with provenance. Only column security adds `fields` and
 * unconditional `inverted` field rules (which CASL ignores for row checks).
 */
export interface PortalRawRule {
  readonly action: string | string[];
  readonly subject: string;
  readonly conditions?: Condition;
  readonly fields?: string[];
  readonly inverted?: boolean;
  readonly reason: string;
  readonly provenance: Provenance;
}

/** Why a principal gets no access at all, before any rule is considered (a gate). */
export interface Denial {
  /** Stable code, e.g. `account_disabled`, `unlicensed`, `no_role`. */
  readonly code: string;
  readonly message: string;
}

/** What compiling a principal produces. */
export interface CompiledPrincipal {
  readonly rules: PortalRawRule[];
  readonly denial?: Denial;
  /** Set when an account gate keeps a holder of administrative roles from administering anyone. */
  readonly administrativeDenial?: Denial;
  /** Set when a gate made the principal's data rules a visitor's (an unvouched self-registered contact). */
  readonly actsAsVisitor?: true;
  /** Column access on the tables that restrict columns for this principal (column security). */
  readonly columns?: ColumnAccessMap;
}
