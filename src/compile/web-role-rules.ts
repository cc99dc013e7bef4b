import type { Condition } from '../base/condition.js';
import { PrincipalValidationError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { CompiledPrincipal, PortalRawRule, WebRoleProvenance } from '../base/rule.js';
import type { PolicyIndex, WebRolePlan } from '../policy/policy.js';
import { scopes } from '../policy/scopes/index.js';
import type { ConditionContext, Coverage, ScopeSubject } from '../policy/scopes/scope.js';
import type { TablePermission } from '../policy/table-permission.js';
import type { ValidPrincipal } from '../principal/principal.js';

/** A principal that holds web roles: a contact or an anonymous visitor. */
export type PortalPrincipal = Extract<ValidPrincipal, { kind: 'contact' | 'anonymous' }>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

const NO_SUBJECT: ScopeSubject = { contactId: undefined, accountId: undefined, legalEntity: undefined };

type RoleList = 'webRoles' | 'accountWebRoles';

function unknownRole(
  role: string,
  list: RoleList,
  position: number,
  index: PolicyIndex,
): PrincipalValidationError {
  return new PrincipalValidationError([
    {
      code: 'unknown_web_role',
      path: [list, position],
      message: `web role "${role}" is not defined by the policy (${didYouMean(role, index.webRoles.keys())}); fix the contact's ${list === 'webRoles' ? 'roles' : "account's roles"} or the policy`,
    },
  ]);
}

/** Checks one list of a contact's roles (D18) and adds them to `roles`. */
function addAssigned(
  index: PolicyIndex,
  assigned: readonly string[],
  list: RoleList,
  roles: Set<string> | undefined,
): void {
  for (let position = 0; position < assigned.length; position++) {
    const role = assigned[position]!;
    const known = index.webRoles.get(role);
    if (!known) throw unknownRole(role, list, position, index);
    if (known.anonymousUsers) {
      throw new PrincipalValidationError([
        {
          code: 'anonymous_role_assigned',
          path: [list, position],
          message: `web role "${role}" is the Anonymous users role and cannot be assigned to a ${list === 'webRoles' ? 'contact' : "contact's account"}; remove it`,
        },
      ]);
    }
    roles?.add(role);
  }
}

/**
 * The roles a portal principal holds: assigned ones, the roles of its account while it has one, plus
 * Authenticated users; or only Anonymous users (D1). Account roles are checked even without an account:
 * a typo must be refused whether or not it would count today.
 */
export function heldRoles(index: PolicyIndex, principal: PortalPrincipal): Set<string> {
  if (principal.kind === 'anonymous') {
    return new Set(index.anonymousRole === undefined ? [] : [index.anonymousRole]);
  }
  const roles = new Set<string>();
  addAssigned(index, principal.webRoles ?? [], 'webRoles', roles);
  const accountRoles = principal.accountWebRoles ?? [];
  if (accountRoles.length > 0) {
    addAssigned(index, accountRoles, 'accountWebRoles', present(principal.accountId) ? roles : undefined);
  }
  if (index.authenticatedRole !== undefined) roles.add(index.authenticatedRole);
  return roles;
}

/**
 * The held roles a contact holds only through its account (not assigned to it, not automatic), so that
 * explanations can say so; empty for a visitor or a contact without an account.
 */
export function rolesThroughAccount(index: PolicyIndex, principal: PortalPrincipal): ReadonlySet<string> {
  if (principal.kind === 'anonymous' || !present(principal.accountId)) return EMPTY;
  const accountRoles = principal.accountWebRoles ?? [];
  if (accountRoles.length === 0) return EMPTY;
  const own = new Set(principal.webRoles ?? []);
  return new Set(accountRoles.filter((role) => !own.has(role) && role !== index.authenticatedRole));
}

const EMPTY: ReadonlySet<string> = new Set();

/** The principal values scopes compare: absent or empty ones are `undefined` (D2). */
export function scopeSubjectOf(principal: PortalPrincipal): ScopeSubject {
  if (principal.kind === 'anonymous') return NO_SUBJECT;
  return {
    contactId: present(principal.id),
    accountId: present(principal.accountId),
    legalEntity: present(principal.legalEntity),
  };
}

// Written out, without object spread: spreading the frozen per-policy parts is a slow path in V8, and
// building rules is on every request's path.
const CREATE = Object.freeze(['create']) as string[];

function ruleOf(
  plan: WebRolePlan,
  actions: string[],
  webRoles: string[],
  coverage: Condition | true,
  throughAccount: ReadonlySet<string>,
): PortalRawRule {
  const { provenance } = plan;
  const withRoles: Mutable<WebRoleProvenance> = {
    kind: provenance.kind,
    webRoles,
    tablePermission: provenance.tablePermission,
    scope: provenance.scope,
    chain: provenance.chain,
  };
  if (provenance.field !== undefined) withRoles.field = provenance.field;
  if (provenance.within !== undefined) withRoles.within = provenance.within;
  if (throughAccount.size > 0) {
    const through = webRoles.filter((role) => throughAccount.has(role));
    if (through.length > 0) withRoles.throughAccount = through;
  }
  const rule: Mutable<PortalRawRule> = {
    action: actions,
    subject: plan.permission.table,
    reason: `web role "${webRoles[0]}" → ${plan.reason}`,
    provenance: withRoles,
  };
  if (coverage !== true) rule.conditions = coverage;
  return rule;
}

interface CoverageResolver {
  readonly coverageOf: (permission: TablePermission) => Coverage;
  readonly contextOf: (permission: TablePermission) => ConditionContext;
}

// Coverages are memoized per principal: a parent permission is shared by every child permission below it.
function coverageResolver(index: PolicyIndex, subject: ScopeSubject): CoverageResolver {
  const coverages: (Coverage | undefined)[] = [];
  const coverageOf = (permission: TablePermission): Coverage => {
    const known = coverages[permission.index];
    if (known !== undefined) return known;
    const coverage = scopes[permission.scope].coverage(contextOf(permission));
    coverages[permission.index] = coverage;
    return coverage;
  };
  const contextOf = (permission: TablePermission): ConditionContext => {
    const parent = permission.parent === undefined ? undefined : index.permissions.get(permission.parent);
    return {
      table: index.tables.get(permission.table)!,
      permission,
      subject,
      parent: parent && (() => ({ table: index.tables.get(parent.table)!, coverage: coverageOf(parent) })),
    };
  };
  return { coverageOf, contextOf };
}

/**
 * The rows a principal may turn a record into under `permission` (the new version of an update): what a
 * create of it needs, i.e. the scope's create coverage where it is stricter than its coverage (D6).
 */
export function postImageCoverage(
  index: PolicyIndex,
  principal: PortalPrincipal,
  permission: TablePermission,
): Coverage {
  const { coverageOf, contextOf } = coverageResolver(index, scopeSubjectOf(principal));
  const created = scopes[permission.scope].createCoverage;
  return created ? created(contextOf(permission)) : coverageOf(permission);
}

// Each permission's plan, by the permission's position, made once per policy: a principal's rules come from
// the permissions of the roles it holds (`permissionsByRole`), never from a walk over a large policy.
const plansByPosition = new WeakMap<PolicyIndex, readonly (WebRolePlan | undefined)[]>();

/** The plans of the permissions granted to one of `roles`, each once, in policy order. */
function heldPlans(index: PolicyIndex, roles: ReadonlySet<string>): WebRolePlan[] {
  let plans = plansByPosition.get(index);
  if (plans === undefined) {
    const byPosition: (WebRolePlan | undefined)[] = [];
    for (const plan of index.webRolePlans) byPosition[plan.permission.index] = plan;
    plans = byPosition;
    plansByPosition.set(index, plans);
  }
  const positions: number[] = [];
  for (const role of roles)
    for (const permission of index.permissionsByRole.get(role) ?? []) positions.push(permission.index);
  positions.sort((a, b) => a - b);
  const held: WebRolePlan[] = [];
  for (let at = 0; at < positions.length; at++) {
    const plan = plans[positions[at]!];
    // A permission two held roles grant comes once; one without privileges has no plan.
    if (plan !== undefined && positions[at] !== positions[at - 1]) held.push(plan);
  }
  return held;
}

/** Compiles a contact's or visitor's web roles into CASL rules, one per effective table permission. */
export function compileWebRoleRules(index: PolicyIndex, principal: PortalPrincipal): CompiledPrincipal {
  const roles = heldRoles(index, principal);
  const throughAccount = rolesThroughAccount(index, principal);
  const { coverageOf, contextOf } = coverageResolver(index, scopeSubjectOf(principal));

  const rules: PortalRawRule[] = [];
  // Policy order, not the principal's role order: the same roles always compile to the same rules.
  for (const plan of heldPlans(index, roles)) {
    const viaRoles = plan.permission.webRoles.filter((role) => roles.has(role));
    if (viaRoles.length === 0) continue;
    const coverage = plan.actions.length === 0 ? null : coverageOf(plan.permission);
    if (coverage !== null) rules.push(ruleOf(plan, plan.actions, viaRoles, coverage, throughAccount));
    if (!plan.separateCreate) continue;
    const created = scopes[plan.permission.scope].createCoverage!(contextOf(plan.permission));
    if (created !== null) rules.push(ruleOf(plan, CREATE, viaRoles, created, throughAccount));
  }
  return { rules };
}
