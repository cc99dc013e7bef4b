import { Ability, type ForcedSubject, subject as tagSubject } from '@casl/ability';
import { type ColumnAccessMap, columnMatcher, columnNamedBy, namesNoColumn } from '../base/column-access.js';
import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import { conditionsMatcher, type RecordPredicate } from '../base/matcher.js';
import type { TablePermissionPrivilege } from '../base/privilege.js';
import type { CompiledPrincipal, Denial, PortalRawRule } from '../base/rule.js';
import { withAdministration } from '../compile/administrative-roles/with-administration.js';
import { withColumnRules } from '../compile/column-rules.js';
import { withPageRules } from '../compile/page-rules.js';
import { compileSecurityRoleRules } from '../compile/security-role-rules.js';
import { compileWebRoleRules } from '../compile/web-role-rules.js';
import type { AdministrativeOperation, AdministrativeTargetKind } from '../policy/administrative-role.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { PageAction } from '../policy/page.js';
import type { Policy } from '../policy/policy.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import { accountStateDenial, isUnvouchedSelfRegistration } from '../principal/gates.js';
import { passwordChangeDenial } from '../principal/password-change-gate.js';
import { type Principal, parsePrincipal, type ValidPrincipal } from '../principal/principal.js';
import { SESSIONS, type Session } from '../principal/user.js';
import { compileRules } from './codegen.js';
import type { PageSubject } from './page-subject.js';
import {
  identityOf,
  type RuleTemplate,
  rulesMatching,
  rulesOf,
  templateFor,
  templatePredicate,
} from './rule-template.js';

/** Every action an ability answers for: data privileges (`assign` and `share` come only from security roles), administrative operations on accounts, and `view` / `change` on pages. */
export type Action = TablePermissionPrivilege | SecurityRolePrivilege | AdministrativeOperation | PageAction;

/** Facts about the request that are not part of the principal. */
export interface AbilityOptions {
  /** The request's channel; non-interactive users may act only in `api` sessions. Overrides the principal's. */
  readonly session?: Session;
}

/** A record tagged with its table by `subject()`. */
export type TaggedRecord<TTable extends string = string> = ForcedSubject<TTable> & object;

/**
 * What `can` accepts: a table name (type-level: "some record") or a tagged record (record-level); for
 * administrative operations, an account kind (`user`, `contact`) or an account from `administrativeTarget`.
 */
export type PortalSubject<TTable extends string = string> =
  | TTable
  | AdministrativeTargetKind
  | TaggedRecord<TTable | AdministrativeTargetKind>
  | PageSubject;

// CASL's parameter types are computed from the ability's generics; internally we call with plain strings.
type LooseCan = (action: string, subject?: unknown, field?: string) => boolean;
type LooseRulesFor = (
  action: string,
  table: string,
  field?: string,
) => readonly { conditions?: Condition | undefined; inverted?: boolean }[];

const TYPE_FIELD = '__caslSubjectType__';

/**
 * The subject type of a record nobody tagged: no table, account kind or CASL wildcard can have this name
 * (it has a space), so no rule ever applies to it.
 */
export const UNTAGGED = 'untagged record';

const isEnumerable = Object.prototype.propertyIsEnumerable;

// A brand this library's `subject()` gives a record it tags itself: a private field, added through a base
// class whose constructor returns the record. Only this module can give or test it; it is not inherited, not
// copied by a spread or `Object.assign`, and invisible to reflection, `util.inspect` and deep-equality (an
// enumerable symbol was seen by all three). A branded record holds the tag `subject()` defined (own,
// non-enumerable, never writable again); testing the brand is one load, where the general check below calls
// into C++ (`propertyIsEnumerable` cost as much as a whole record check).
class ReturnsRecord {
  constructor(record: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the base-class return is what adds the brand to the record
    return record;
  }
}
class TaggedBySubject extends ReturnsRecord {
  #branded = true;
  static brand(record: object): void {
    new TaggedBySubject(record);
  }
  static has(record: object): boolean {
    return #branded in record;
  }
}

// Whether the record's tag property is its own and not enumerable, as `subject()` defines it. (Measured:
// `propertyIsEnumerable` costs as much as the rest of a check; `getOwnPropertyDescriptor` more.)
const hasOwnHiddenTag = (record: object): boolean =>
  TaggedBySubject.has(record) ||
  (Object.hasOwn(record, TYPE_FIELD) && !isEnumerable.call(record, TYPE_FIELD));

/**
 * The table a record was tagged with by `subject()`: an own, non-enumerable string (RELIABILITY 20). A request
 * body can carry `constructor` or an enumerable `__caslSubjectType__`, and a polluted prototype an inherited
 * one: none of them chooses the table, unlike CASL's default detection.
 */
export function taggedTableOf(record: object): string | undefined {
  const type = (record as Record<string, unknown>)[TYPE_FIELD];
  return typeof type === 'string' && hasOwnHiddenTag(record) ? type : undefined;
}

const detectSubjectType = (record: object): string => taggedTableOf(record) ?? UNTAGGED;

type CaslAbility<TTable extends string> = Ability<[Action, PortalSubject<TTable>], Condition>;

/** An ability compiled from a shared template: the template and this principal's ids. */
interface Binding {
  readonly template: RuleTemplate;
  readonly values: readonly string[];
}

/**
 * A real CASL ability (`rules`, `rulesFor`, `relevantRuleFor`, `packRules` all work) with a fast path:
 * for a tagged record, all rules of an (action, table) pair run as one predicate compiled once per ability.
 * CASL's rule index is built on the first call that needs it: a record check never does.
 */
export class PortalAbility<TTable extends string = string> extends Ability<
  [Action, PortalSubject<TTable>],
  Condition
> {
  /** The policy this ability was compiled from. */
  readonly policy: Policy<TTable>;
  /** The validated principal. */
  readonly principal: ValidPrincipal;
  /** Set when a gate (account state, licence, role…) denies all data access (administrative rules may remain). */
  readonly denial: Denial | undefined;
  /** Set when a gate (account state, session, registration…) keeps the principal's administrative roles from acting. */
  readonly administrativeDenial: Denial | undefined;
  /** Column access on the tables that restrict columns for this principal; empty when none does. */
  readonly columnAccess: ColumnAccessMap;
  // The compiled rules until CASL indexes them (undefined after): CASL's constructor got an empty list.
  #pending: PortalRawRule[] | undefined;
  // Set while the rules of a template-bound ability are not yet written out: a record check never needs them.
  #unbound: Binding | undefined;
  #template: RuleTemplate | undefined;
  #ids: readonly string[] | undefined;
  #predicates: Map<string, Map<string, RecordPredicate>> | undefined;
  // A one-entry memo in front of the maps: hot loops check one (action, table) pair over and over.
  #lastAction: string | undefined;
  #lastTable: string | undefined;
  #lastPredicate: RecordPredicate | undefined;
  // Whether no rule applies to an untagged record for #lastAction: `can` may then check the tag after the
  // predicate (see `can`).
  #lastLate = false;
  #fieldPredicates: Map<string, Map<string, Map<string, RecordPredicate>>> | undefined;
  #lastFieldAction: string | undefined;
  #lastFieldTable: string | undefined;
  #lastField: string | undefined;
  #lastFieldPredicate: RecordPredicate | undefined;

  constructor(
    policy: Policy<TTable>,
    principal: ValidPrincipal,
    compiled: CompiledPrincipal,
    binding?: Binding,
  ) {
    super(NO_RULES, OPTIONS);
    this.policy = policy;
    this.principal = principal;
    this.denial = compiled.denial;
    this.administrativeDenial = compiled.administrativeDenial;
    this.columnAccess = compiled.columns ?? EMPTY_COLUMNS;
    // With a binding, `compiled` is the template's: its rules hold placeholders and are bound on first use.
    this.#pending = binding === undefined ? compiled.rules : undefined;
    this.#unbound = binding;
    this.#template = binding?.template;
    this.#ids = binding?.values;
  }

  #pendingRules(): PortalRawRule[] | undefined {
    const unbound = this.#unbound;
    if (unbound !== undefined) {
      this.#unbound = undefined;
      this.#pending = rulesOf(unbound.template, unbound.values);
    }
    return this.#pending;
  }

  /** The compiled raw rules, each with its provenance. */
  get portalRules(): readonly PortalRawRule[] {
    return this.rules as unknown as readonly PortalRawRule[];
  }

  override get rules(): CaslAbility<TTable>['rules'] {
    const pending = this.#pendingRules();
    return pending === undefined ? super.rules : (pending as never);
  }

  override can(action: Action, subject?: PortalSubject<TTable>, field?: string): boolean {
    if (typeof subject === 'object' && subject !== null) {
      const type = (subject as Record<string, unknown>)[TYPE_FIELD];
      if (typeof type === 'string') {
        if (field === undefined) {
          // A record whose tag is not genuine is answered as an untagged one (RELIABILITY 20). When no rule
          // applies to untagged records for this action, that answer is "no" for every record, so a tag
          // chooses nothing unless the predicate of its table grants too: the tag is checked only then
          // (most records checked are denied, and the check costs as much as the predicate).
          if (action === this.#lastAction && type === this.#lastTable && this.#lastLate) {
            return this.#lastPredicate!(subject) && hasOwnHiddenTag(subject);
          }
          if (hasOwnHiddenTag(subject)) return this.#decide(action, type, subject);
          // '' and non-strings go to CASL, which treats '' as "some field" and throws on the rest.
        } else if (typeof field === 'string' && field !== '' && hasOwnHiddenTag(subject)) {
          return this.#canField(action, type, field, subject);
        }
      }
    }
    // A field that names no column (`__proto__`, `.price`) is never allowed, whatever the subject.
    if (typeof field === 'string' && field !== '' && namesNoColumn(field)) return false;
    return (super.can as unknown as LooseCan).call(this, action, subject, field);
  }

  /**
   * Whether the principal may do `action` on `record`, a row of `table` that nobody tagged: the answer of
   * `can(action, subject(table, record))` without tagging (no `Object.defineProperty` per row). A value that
   * is not an object is no row and is refused.
   *
   * @example ability.check('read', 'salesorder', row)
   */
  check(action: Action, table: TTable, record: object): boolean {
    if (typeof record !== 'object' || record === null || typeof table !== 'string') return false;
    return this.#decide(action, table, record);
  }

  #decide(action: string, table: string, record: object): boolean {
    if (action === this.#lastAction && table === this.#lastTable) return this.#lastPredicate!(record);
    const predicate = this.predicateFor(action, table);
    if (action !== this.#lastAction || table !== this.#lastTable) this.#remember(action, table, predicate);
    return predicate(record);
  }

  #remember(action: string, table: string, predicate: RecordPredicate): void {
    this.#lastAction = action;
    this.#lastTable = table;
    this.#lastPredicate = predicate;
    this.#lastLate = this.#untaggedNeverGrants(action);
  }

  // Whether no rule can apply to a record nobody tagged (subject type UNTAGGED) for `action`: no rule on
  // `all`, under this action or `manage`. Over-approximated: any such rule that could grant counts, whatever
  // its conditions or fields.
  #untaggedNeverGrants(action: string): boolean {
    const template = this.#template;
    if (template !== undefined) {
      let never = template.untagged.get(action);
      if (never === undefined) {
        never = rulesMatching(template.compiled.rules, action, UNTAGGED).length === 0;
        template.untagged.set(action, never);
      }
      return never;
    }
    const pending = this.#pendingRules();
    const rules =
      pending === undefined
        ? (this.possibleRulesFor as unknown as (action: string, type: string) => readonly unknown[]).call(
            this,
            action,
            UNTAGGED,
          )
        : rulesMatching(pending, action, UNTAGGED);
    return rules.length === 0;
  }

  // Kept out of `can` so the row path stays small enough to inline; the one-entry memo mirrors the row one.
  #canField(action: string, table: string, field: string, subject: object): boolean {
    if (action === this.#lastFieldAction && table === this.#lastFieldTable && field === this.#lastField) {
      return this.#lastFieldPredicate!(subject);
    }
    const predicate = this.fieldPredicateFor(action, table, field);
    this.#lastFieldAction = action;
    this.#lastFieldTable = table;
    this.#lastField = field;
    this.#lastFieldPredicate = predicate;
    return predicate(subject);
  }

  /**
   * The predicate deciding `action` on `field` of records of `table`, in CASL's order (highest priority
   * first): the grants above the first unconditional field deny, as one compiled predicate.
   */
  fieldPredicateFor(action: string, table: string, field: string): RecordPredicate {
    // A path is decided by its column, so `price.amount` is denied wherever `price` is (RELIABILITY 24).
    const column = columnNamedBy(field);
    if (column === undefined) return NEVER;
    this.#fieldPredicates ??= new Map();
    let byTable = this.#fieldPredicates.get(action);
    if (!byTable) {
      byTable = new Map();
      this.#fieldPredicates.set(action, byTable);
    }
    let byField = byTable.get(table);
    if (!byField) {
      byField = new Map();
      byTable.set(table, byField);
    }
    let predicate = byField.get(column);
    if (!predicate) {
      predicate = this.#compileFieldPredicate(action, table, column);
      // Field names may come from a request body (pickPermitted reads the record's keys) and a cached ability
      // lives across requests: past the bound, predicates are compiled per call, never kept (RELIABILITY 21).
      if (byField.size < MAX_CACHED_FIELDS) byField.set(column, predicate);
    }
    return predicate;
  }

  #compileFieldPredicate(action: string, table: string, field: string): RecordPredicate {
    const rules = (this.rulesFor as unknown as LooseRulesFor).call(this, action, table, field);
    const granting: (Condition | undefined)[] = [];
    for (const rule of rules) {
      if (!rule.inverted) granting.push(rule.conditions);
      else if (rule.conditions === undefined) break;
      // Conditional denies are not emitted by this library; rules added with `update` still answer right.
      else return (record) => (super.can as unknown as LooseCan).call(this, action, record, field);
    }
    return compileRules(granting);
  }

  /** The single predicate deciding `action` on records of `table`; compiled on first use. */
  predicateFor(action: string, table: string): RecordPredicate {
    if (action === this.#lastAction && table === this.#lastTable) return this.#lastPredicate!;
    // Most requests check one (action, table) pair: the memo holds it, and the maps exist only from the second.
    if (this.#predicates === undefined) {
      if (this.#lastPredicate === undefined) {
        const first = this.#compilePredicate(action, table);
        this.#remember(action, table, first);
        return first;
      }
      this.#predicates = new Map([[this.#lastAction!, new Map([[this.#lastTable!, this.#lastPredicate]])]]);
    }
    let byTable = this.#predicates.get(action);
    if (!byTable) {
      byTable = new Map();
      this.#predicates.set(action, byTable);
    }
    let predicate = byTable.get(table);
    if (!predicate) {
      predicate = this.#compilePredicate(action, table);
      byTable.set(table, predicate);
    }
    return predicate;
  }

  #compilePredicate(action: string, table: string): RecordPredicate {
    if (this.#template !== undefined) return templatePredicate(this.#template, this.#ids!, action, table);
    const pending = this.#pendingRules();
    const rules =
      pending === undefined
        ? (this.rulesFor as unknown as LooseRulesFor).call(this, action, table)
        : rulesMatching(pending, action, table);
    return compileRules(rules.map((rule) => rule.conditions));
  }

  // CASL builds its index in update(); every method that reads the index comes through here first.
  #index(): void {
    const pending = this.#pendingRules();
    if (pending === undefined) return;
    this.#pending = undefined;
    super.update(pending as never);
  }

  override update(rules: CaslAbility<TTable>['rules']): this {
    this.#index();
    this.#template = undefined;
    this.#ids = undefined;
    this.#forget();
    super.update(rules);
    // A handler of CASL's `update` event may have checked a record with the old rules: forget it again.
    this.#forget();
    return this;
  }

  #forget(): void {
    this.#predicates = undefined;
    this.#fieldPredicates = undefined;
    this.#lastFieldAction = undefined;
    this.#lastFieldTable = undefined;
    this.#lastField = undefined;
    this.#lastFieldPredicate = undefined;
    this.#lastAction = undefined;
    this.#lastTable = undefined;
    this.#lastPredicate = undefined;
    this.#lastLate = false;
  }

  override on(...args: Parameters<CaslAbility<TTable>['on']>): ReturnType<CaslAbility<TTable>['on']> {
    // Index first, so that indexing later never calls a handler registered for updates.
    this.#index();
    return super.on(...args);
  }

  override possibleRulesFor(
    ...args: Parameters<CaslAbility<TTable>['possibleRulesFor']>
  ): ReturnType<CaslAbility<TTable>['possibleRulesFor']> {
    this.#index();
    return (
      super.possibleRulesFor as (...rest: unknown[]) => ReturnType<CaslAbility<TTable>['possibleRulesFor']>
    ).apply(this, args);
  }

  override rulesFor(
    ...args: Parameters<CaslAbility<TTable>['rulesFor']>
  ): ReturnType<CaslAbility<TTable>['rulesFor']> {
    this.#index();
    return (super.rulesFor as (...rest: unknown[]) => ReturnType<CaslAbility<TTable>['rulesFor']>).apply(
      this,
      args,
    );
  }

  override actionsFor(
    ...args: Parameters<CaslAbility<TTable>['actionsFor']>
  ): ReturnType<CaslAbility<TTable>['actionsFor']> {
    this.#index();
    return (super.actionsFor as (...rest: unknown[]) => ReturnType<CaslAbility<TTable>['actionsFor']>).apply(
      this,
      args,
    );
  }

  override relevantRuleFor(
    ...args: Parameters<CaslAbility<TTable>['relevantRuleFor']>
  ): ReturnType<CaslAbility<TTable>['relevantRuleFor']> {
    this.#index();
    return (
      super.relevantRuleFor as (...rest: unknown[]) => ReturnType<CaslAbility<TTable>['relevantRuleFor']>
    ).apply(this, args);
  }
}

const NO_RULES: never[] = [];
const NEVER: RecordPredicate = () => false;
/** How many columns' field predicates one ability keeps per (action, table). */
export const MAX_CACHED_FIELDS = 256;

const OPTIONS = {
  conditionsMatcher: conditionsMatcher as never,
  detectSubjectType: detectSubjectType as never,
  fieldMatcher: columnMatcher,
};
const EMPTY_COLUMNS: ColumnAccessMap = new Map();
// Shared by every call without a session: the checked options are never written to.
const NO_OPTIONS: AbilityOptions = Object.freeze({});

/**
 * The options as the compiler reads them: own properties only, checked (RELIABILITY 19). An inherited
 * `session: 'api'` must not let a non-interactive user act, nor hide from a cache key.
 */
export function abilityOptionsOf(options: unknown): AbilityOptions {
  if (options === undefined) return NO_OPTIONS;
  if (typeof options !== 'object' || options === null) {
    throw new PortalPermissionsError(
      'invalid_options',
      `the ability options must be an object such as { session: 'api' }, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const session = Object.hasOwn(options, 'session') ? (options as { session?: unknown }).session : undefined;
  if (session === undefined) return NO_OPTIONS;
  if (!(SESSIONS as readonly unknown[]).includes(session)) {
    throw new PortalPermissionsError(
      'invalid_options',
      `session must be one of ${SESSIONS.map((name) => `"${name}"`).join(', ')}, got ${typeof session === 'string' ? JSON.stringify(session) : typeof session}`,
      { path: ['session'] },
    );
  }
  return { session: session as Session };
}

function compile(policy: Policy, principal: ValidPrincipal, options: AbilityOptions): CompiledPrincipal {
  const index = policyIndexOf(policy);
  if (principal.kind === 'user') return compileSecurityRoleRules(policy, index, principal, options.session);
  const denial =
    principal.kind === 'anonymous'
      ? undefined
      : (accountStateDenial(principal.state) ?? passwordChangeDenial(principal));
  if (denial) return { rules: [], denial };
  if (principal.kind === 'contact' && isUnvouchedSelfRegistration(policy.registration, principal)) {
    const visitor = { kind: 'anonymous' } as const;
    return withPageRules(policy, index, visitor, compileWebRoleRules(index, visitor));
  }
  return withPageRules(policy, index, principal, compileWebRoleRules(index, principal));
}

/** Every rule of a principal, data and administrative, compiled for this principal alone. */
export function compilePrincipal(
  policy: Policy,
  principal: ValidPrincipal,
  options: AbilityOptions,
): CompiledPrincipal {
  const index = policyIndexOf(policy);
  const data = withColumnRules(policy, index, principal, compile(policy, principal, options));
  return withAdministration(policy, index, principal, data, options.session);
}

/** `abilityFor` on a principal already validated and options already checked. */
export function abilityOfValid<TTable extends string>(
  policy: Policy<TTable>,
  valid: ValidPrincipal,
  options: AbilityOptions,
): PortalAbility<TTable> {
  const index = policyIndexOf(policy);
  const identity = identityOf(index, valid, options.session);
  if (identity === undefined) {
    return new PortalAbility(policy, valid, compilePrincipal(policy, valid, options));
  }
  const template = templateFor(index, identity, (standIn) => compilePrincipal(policy, standIn, options));
  return new PortalAbility(policy, valid, template.compiled, { template, values: identity.values });
}

/**
 * Compiles what a principal may do under a policy into a CASL ability. Validates the principal first
 * (throws `PrincipalValidationError`); a gated principal gets an ability that denies everything.
 *
 * @example
 * const ability = abilityFor(policy, { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf',
 *   webRoles: ['Authorized user'] });
 * ability.can('read', subject('salesorder', order));
 */
export function abilityFor<TTable extends string>(
  policy: Policy<TTable>,
  principal: Principal,
  options: AbilityOptions = {},
): PortalAbility<TTable> {
  policyIndexOf(policy);
  const valid = parsePrincipal(principal);
  return abilityOfValid(policy, valid, abilityOptionsOf(options));
}

/**
 * Tags a record with its table so an ability checks it record by record (CASL's `subject`).
 * @example ability.can('read', subject('salesorder', order))
 */
export function subject<TTable extends string, TRecord extends object>(
  table: TTable,
  record: TRecord,
): TRecord & ForcedSubject<TTable> {
  // Branded only when CASL defines the tag here: a record that already had one keeps the general check.
  // Branded before CASL's `defineProperty`: after it, tagging is much slower (V8 leaves the object's fast
  // shape on `defineProperty`). A record that cannot take it gets CASL's own error, as before.
  if (
    typeof record === 'object' &&
    record !== null &&
    !Object.hasOwn(record, TYPE_FIELD) &&
    Object.isExtensible(record)
  ) {
    TaggedBySubject.brand(record);
  }
  return tagSubject(table, record as TRecord & Record<PropertyKey, unknown>);
}
