import { Ability } from '@casl/ability';
import { type ColumnAccessMap, columnMatcher, namesNoColumn } from '../base/column-access.js';
import type { Condition } from '../base/condition.js';
import { conditionsMatcher, type RecordPredicate } from '../base/matcher.js';
import type { TablePermissionPrivilege } from '../base/privilege.js';
import type { CompiledPrincipal, Denial, PortalRawRule } from '../base/rule.js';
import { compilePrincipal } from '../compile/compile-principal.js';
import type { AdministrativeOperation, AdministrativeTargetKind } from '../policy/administrative-role.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { PageAction } from '../policy/page.js';
import type { Policy } from '../policy/policy.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import { type Principal, parsePrincipal, type ValidPrincipal } from '../principal/principal.js';
import { type AbilityOptions, abilityOptionsOf } from './ability-options.js';
import {
  type Binding,
  bindingFor,
  boundPredicate,
  boundRules,
  boundUntaggedNeverGrants,
  compileRules,
  sharedCompiled,
} from './fast-path/index.js';
import type { PageSubject } from './page-subject.js';
import { Predicates } from './predicates.js';
import { rulesMatching } from './rules-matching.js';
import { detectSubjectType, hasOwnHiddenTag, type TaggedRecord, TYPE_FIELD, UNTAGGED } from './subject.js';

/** Every action an ability answers for: data privileges (`assign` and `share` come only from security roles), administrative operations on accounts, and `view` / `change` on pages. */
export type Action = TablePermissionPrivilege | SecurityRolePrivilege | AdministrativeOperation | PageAction;

/**
 * What `can` accepts: a table name (type-level: "some record") or a tagged record (record-level); for
 * administrative operations, an account kind (`user`, `contact`) or an account from `administrativeTarget`.
 */
export type PortalSubject<TTable extends string = string> =
  | TTable
  | AdministrativeTargetKind
  | TaggedRecord<TTable | AdministrativeTargetKind>
  | PageSubject;
// CASL's parameter types are computed from the ability's generics; internally we call with plain strings,
// and CASL's methods that read its index with their own arguments once it is built.
type LooseCan = (action: string, subject?: unknown, field?: string) => boolean;
type LooseRulesFor = (
  action: string,
  table: string,
  field?: string,
) => readonly { conditions?: Condition | undefined; inverted?: boolean }[];
type CalledThrough = (...args: unknown[]) => never;
type CaslAbility<TTable extends string> = Ability<[Action, PortalSubject<TTable>], Condition>;

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
  /** Whether a gate made the principal's data rules a visitor's (an unvouched self-registered contact). */
  readonly actsAsVisitor: boolean;
  /** Column access on the tables that restrict columns for this principal; empty when none does. */
  readonly columnAccess: ColumnAccessMap;
  // The compiled rules until CASL indexes them (undefined after): CASL's constructor got an empty list.
  #pending: PortalRawRule[] | undefined;
  // Set while the rules of a template-bound ability are not yet written out: a record check never needs them.
  #unbound: Binding | undefined;
  // The template this ability's predicates are bound from, until `update` replaces its rules.
  #binding: Binding | undefined;
  #predicates: Predicates | undefined;

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
    this.actsAsVisitor = compiled.actsAsVisitor === true;
    this.columnAccess = compiled.columns ?? EMPTY_COLUMNS;
    // With a binding, `compiled` is the template's: its rules hold placeholders and are bound on first use.
    this.#pending = binding === undefined ? compiled.rules : undefined;
    this.#unbound = binding;
    this.#binding = binding;
  }

  #pendingRules(): PortalRawRule[] | undefined {
    if (this.#unbound !== undefined) {
      this.#pending = boundRules(this.#unbound);
      this.#unbound = undefined;
    }
    return this.#pending;
  }

  /** The compiled raw rules, each with its provenance. */
  get portalRules(): readonly PortalRawRule[] {
    return this.rules as unknown as readonly PortalRawRule[];
  }

  override get rules(): CaslAbility<TTable>['rules'] {
    return (this.#pendingRules() as CaslAbility<TTable>['rules'] | undefined) ?? super.rules;
  }

  override can(action: Action, subject?: PortalSubject<TTable>, field?: string): boolean {
    if (typeof subject === 'object' && subject !== null) {
      const type = (subject as Record<string, unknown>)[TYPE_FIELD];
      if (typeof type === 'string') {
        const predicates = this.#decisions();
        if (field === undefined) {
          // A record whose tag is not genuine is answered as an untagged one (RELIABILITY 20). When no rule
          // applies to untagged records for this action, that answer is "no" for every record, so a tag
          // chooses nothing unless the predicate of its table grants too: the tag is checked only then.
          const late = predicates.late(action, type);
          if (late !== undefined) return late(subject) && hasOwnHiddenTag(subject);
          if (hasOwnHiddenTag(subject)) return predicates.decide(action, type, subject);
          // '' and non-strings go to CASL, which treats '' as "some field" and throws on the rest.
        } else if (typeof field === 'string' && field !== '' && hasOwnHiddenTag(subject)) {
          return predicates.decideField(action, type, field, subject);
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
    return this.#decisions().decide(action, table, record);
  }

  /** The single predicate deciding `action` on records of `table`; compiled on first use. */
  predicateFor(action: string, table: string): RecordPredicate {
    return this.#decisions().row(action, table);
  }

  /**
   * The predicate deciding `action` on `field` of records of `table`, in CASL's order (highest priority
   * first): the grants above the first unconditional field deny, as one compiled predicate.
   */
  fieldPredicateFor(action: string, table: string, field: string): RecordPredicate {
    return this.#decisions().field(action, table, field);
  }

  // Compiled from this ability's rules, however it holds them (bound from a template, pending, indexed).
  #decisions(): Predicates {
    this.#predicates ??= new Predicates({
      row: (action, table) => this.#compileRow(action, table),
      field: (action, table, field) => this.#compileField(action, table, field),
      untaggedNeverGrants: (action) => this.#untaggedNeverGrants(action),
    });
    return this.#predicates;
  }

  #compileRow(action: string, table: string): RecordPredicate {
    if (this.#binding !== undefined) return boundPredicate(this.#binding, action, table);
    const pending = this.#pendingRules();
    const rules =
      pending === undefined
        ? (this.rulesFor as unknown as LooseRulesFor).call(this, action, table)
        : rulesMatching(pending, action, table);
    return compileRules(rules.map((rule) => rule.conditions));
  }

  #compileField(action: string, table: string, field: string): RecordPredicate {
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

  // Whether no rule can apply to a record nobody tagged (UNTAGGED) for `action`: none on `all`, under this
  // action or `manage`. Over-approximated: any such rule counts, whatever its conditions or fields.
  #untaggedNeverGrants(action: string): boolean {
    if (this.#binding !== undefined) return boundUntaggedNeverGrants(this.#binding, action);
    const pending = this.#pendingRules();
    const rules =
      pending === undefined
        ? (this.possibleRulesFor as unknown as LooseRulesFor).call(this, action, UNTAGGED)
        : rulesMatching(pending, action, UNTAGGED);
    return rules.length === 0;
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
    this.#binding = undefined;
    this.#predicates = undefined;
    super.update(rules);
    // A handler of CASL's `update` event may have checked a record with the old rules: forget it again.
    this.#predicates = undefined;
    return this;
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
    return (super.possibleRulesFor as CalledThrough).apply(this, args);
  }

  override rulesFor(
    ...args: Parameters<CaslAbility<TTable>['rulesFor']>
  ): ReturnType<CaslAbility<TTable>['rulesFor']> {
    this.#index();
    return (super.rulesFor as CalledThrough).apply(this, args);
  }

  override actionsFor(
    ...args: Parameters<CaslAbility<TTable>['actionsFor']>
  ): ReturnType<CaslAbility<TTable>['actionsFor']> {
    this.#index();
    return (super.actionsFor as CalledThrough).apply(this, args);
  }

  override relevantRuleFor(
    ...args: Parameters<CaslAbility<TTable>['relevantRuleFor']>
  ): ReturnType<CaslAbility<TTable>['relevantRuleFor']> {
    this.#index();
    return (super.relevantRuleFor as CalledThrough).apply(this, args);
  }
}

const NO_RULES: never[] = [];
const OPTIONS = {
  conditionsMatcher: conditionsMatcher as never,
  detectSubjectType: detectSubjectType as never,
  fieldMatcher: columnMatcher,
};
const EMPTY_COLUMNS: ColumnAccessMap = new Map();

/** `abilityFor` on a principal already validated and options already checked. */
export function abilityOfValid<TTable extends string>(
  policy: Policy<TTable>,
  valid: ValidPrincipal,
  options: AbilityOptions,
): PortalAbility<TTable> {
  const compile = (principal: ValidPrincipal) => compilePrincipal(policy, principal, options.session);
  const binding = bindingFor(policyIndexOf(policy), valid, options.session, compile);
  return binding === undefined
    ? new PortalAbility(policy, valid, compile(valid))
    : new PortalAbility(policy, valid, sharedCompiled(binding), binding);
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
