import { type ColumnAccessMap, namesNoColumn } from '../base/column-access.js';
import type { ObjectPredicate, RecordPredicate } from '../base/matcher.js';
import type { CompiledPrincipal, Denial, PortalRawRule } from '../base/rule.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike } from '../policy/policy-types.js';
import type { ValidPrincipal } from '../principal/principal.js';
import type { CaslAbility } from './casl-base.js';
import { type Binding, boundPredicate, boundUntaggedNeverGrants } from './fast-path/index.js';
import { type FieldRule, fieldPredicateOf } from './field-predicate.js';
import { IndexedOnDemand } from './indexed-on-demand.js';
import type {
  Action,
  ActionArgument,
  FieldArgument,
  PortalSubject,
  SubjectArgument,
  TableArgument,
} from './portal-subject.js';
import { type PredicateSource, Predicates } from './predicates.js';
import { rowPredicateOf } from './row-predicate.js';
import { type BrandTest, brandTestOf, hasOwnHiddenTag, UNTAGGED } from './subject.js';

// CASL's parameter types are computed from the ability's generics; internally we call with plain strings,
// and CASL's methods that read its index with their own arguments once it is built.
type LooseCan = (action: string, subject?: unknown, field?: string) => boolean;
type LooseRulesFor = (action: string, table: string, field?: string) => readonly FieldRule[];
// The tag's name written out: an imported constant is read (and tested for initialization) on every call.
type Tagged = { readonly __caslSubjectType__?: unknown };

// Where no pair has been checked yet. The memo's predicate is then undefined: `can` tests for it, and `check`
// takes its cold path when calling it throws.
const NO_PAIR = '';
// The brand test of no table: until `can` has decided on a branded record, none passes.
const NEVER_BRANDED: BrandTest = () => false;

/**
 * A real CASL ability (`rules`, `rulesFor`, `relevantRuleFor`, `packRules` all work) with a fast path:
 * for a tagged record, all rules of an (action, table) pair run as one predicate compiled once per ability.
 * CASL's rule index is built on the first call that needs it: a record check never does. `TTypes` are the
 * names of its policy: actions, tables, columns and page ids written literally are checked against them.
 */
export class PortalAbility<TTypes extends PolicyTypesLike = PolicyTypes> extends IndexedOnDemand<TTypes> {
  /** The policy this ability was compiled from. */
  readonly policy: Policy<TTypes>;
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
  // The template this ability's predicates are bound from, until `update` replaces its rules.
  #binding: Binding | undefined;
  #predicates: Predicates<PortalAbility> | undefined;
  // The last pair `can` decided on a record `subject()` branded: the action, the test of its table's brand, and
  // the table's predicate. A record holding the brand holds that table's tag for good, so the predicate answers.
  #brandedAction = NO_PAIR;
  #brandedTable: BrandTest = NEVER_BRANDED;
  #brandedRow: ObjectPredicate | undefined;
  // The same for reading, kept apart: hosts read row by row, and such a loop then compares no action's name.
  #readBranded: BrandTest = NEVER_BRANDED;
  #readBrandedRow: ObjectPredicate | undefined;
  // The last pair `can` decided on a tagged record, when no rule applies to untagged records for its action:
  // its predicate answers, and the tag is tested only when it grants (see `late`).
  #taggedTable = NO_PAIR;
  #taggedAction = NO_PAIR;
  #taggedRow: ObjectPredicate | undefined;
  // The last pair `check` decided, and its predicate.
  #checkedTable = NO_PAIR;
  #checkedAction = NO_PAIR;
  #checkedRow: ObjectPredicate | undefined;
  #readTable = NO_PAIR;
  #readRow: ObjectPredicate | undefined;

  constructor(
    policy: Policy<TTypes>,
    principal: ValidPrincipal,
    compiled: CompiledPrincipal,
    binding?: Binding,
  ) {
    // With a binding, `compiled` is the template's: its rules hold placeholders and are bound on first use.
    super(binding === undefined ? compiled.rules : undefined, binding);
    this.policy = policy;
    this.principal = principal;
    this.denial = compiled.denial;
    this.administrativeDenial = compiled.administrativeDenial;
    this.actsAsVisitor = compiled.actsAsVisitor === true;
    this.columnAccess = compiled.columns ?? EMPTY_COLUMNS;
    this.#binding = binding;
  }

  /** The compiled raw rules, each with its provenance. */
  get portalRules(): readonly PortalRawRule[] {
    return this.rules as unknown as readonly PortalRawRule[];
  }

  override can<
    TSubject extends PortalSubject | undefined = undefined,
    TField extends string = never,
    TAction extends string = Action,
  >(
    action: ActionArgument<TTypes, TSubject, TAction>,
    subject?: SubjectArgument<TTypes, TSubject>,
    field?: FieldArgument<TTypes, TSubject, TField>,
  ): boolean {
    // The brand test refuses anything but a branded object; text (a table name) and nothing are let out first,
    // as the usual subjects that are no record, so that the test never has to throw for them.
    if (field === undefined && subject !== undefined && subject !== null && typeof subject !== 'string') {
      const read = action === 'read';
      if (
        (read || action === this.#brandedAction) &&
        (read ? this.#readBranded : this.#brandedTable)(subject)
      )
        return (read ? this.#readBrandedRow : this.#brandedRow)!(subject);
    }
    return this.#canCold(action, subject, field);
  }

  #canCold(action: string, subject: unknown, field: unknown): boolean {
    if (typeof subject === 'object' && subject !== null) {
      const type = (subject as Tagged).__caslSubjectType__;
      if (typeof type === 'string') {
        const predicates = this.#predicates ?? this.#decisions();
        if (field === undefined) {
          const branded = brandTestOf(type);
          if (branded?.(subject) === true) {
            const brandedRow = predicates.objectRow(action, type);
            if (action === 'read') {
              this.#readBranded = branded;
              this.#readBrandedRow = brandedRow;
            } else {
              this.#brandedAction = action;
              this.#brandedTable = branded;
              this.#brandedRow = brandedRow;
            }
            return brandedRow(subject);
          }
          const row = this.#taggedRow;
          if (type === this.#taggedTable && action === this.#taggedAction && row !== undefined)
            return row(subject) && hasOwnHiddenTag(subject);
          // A record whose tag is not genuine is answered as an untagged one (RELIABILITY 20). When no rule
          // applies to untagged records for this action, that answer is "no" for every record, so a tag
          // chooses nothing unless the predicate of its table grants too: the tag is checked only then.
          const late = predicates.late(action, type);
          if (late !== undefined) {
            this.#taggedTable = type;
            this.#taggedAction = action;
            this.#taggedRow = late;
            return late(subject) && hasOwnHiddenTag(subject);
          }
          if (hasOwnHiddenTag(subject)) return predicates.decide(action, type, subject);
          // '' and non-strings go to CASL, which treats '' as "some field" and throws on the rest.
        } else if (typeof field === 'string' && field !== '' && hasOwnHiddenTag(subject)) {
          return predicates.decideField(action, type, field, subject);
        }
      }
    }
    // A field that names no column (`__proto__`, `.price`) is never allowed, whatever the subject.
    if (typeof field === 'string' && field !== '' && namesNoColumn(field)) return false;
    return (super.can as unknown as LooseCan).call(this, action, subject, field as string | undefined);
  }

  /** `!can(…)`, typed like `can`. */
  override cannot<
    TSubject extends PortalSubject | undefined = undefined,
    TField extends string = never,
    TAction extends string = Action,
  >(
    action: ActionArgument<TTypes, TSubject, TAction>,
    subject?: SubjectArgument<TTypes, TSubject>,
    field?: FieldArgument<TTypes, TSubject, TField>,
  ): boolean {
    return !(this.can as LooseCan).call(this, action, subject, field);
  }

  /**
   * Whether the principal may do `action` on `record`, a row of `table` that nobody tagged: the answer of
   * `can(action, subject(table, record))` without tagging (no `Object.defineProperty` per row). A value that
   * is not an object is no row and is refused.
   *
   * @example ability.check('read', 'salesorder', row)
   */
  check<TTable extends string, TAction extends string = Action>(
    action: ActionArgument<TTypes, TTable, TAction>,
    table: TableArgument<TTypes, TTable>,
    record: object,
  ): boolean {
    // Reading is what hosts ask row by row: it keeps a memo of its own, so such a loop compares one name.
    const read = action === 'read';
    if (read ? table === this.#readTable : table === this.#checkedTable && action === this.#checkedAction) {
      // The predicate is compiled for objects: a value that is no object is refused after it grants (most rows
      // are refused, so the test is seldom paid), and whatever it throws on (null, undefined, no predicate yet)
      // takes the cold path, which refuses non-objects and otherwise answers, or throws, afresh.
      try {
        return (
          (read ? this.#readRow : this.#checkedRow)!(record) && typeof record === 'object' && record !== null
        );
      } catch {
        return this.#checkCold(action, table, record);
      }
    }
    return this.#checkCold(action, table, record);
  }

  #checkCold(action: string, table: unknown, record: unknown): boolean {
    if (typeof table !== 'string' || typeof record !== 'object' || record === null) return false;
    const predicates = this.#predicates ?? this.#decisions();
    const answer = predicates.decide(action, table, record);
    if (action === 'read') {
      this.#readTable = table;
      this.#readRow = predicates.objectRow(action, table);
      return answer;
    }
    this.#checkedTable = table;
    this.#checkedAction = action;
    this.#checkedRow = predicates.objectRow(action, table);
    return answer;
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

  #decisions(): Predicates<PortalAbility> {
    this.#predicates ??= new Predicates(this as unknown as PortalAbility, PortalAbility.#COMPILERS);
    return this.#predicates;
  }

  // Compiles from an ability's rules however it holds them: one table for every ability, not closures each.
  static readonly #COMPILERS: PredicateSource<PortalAbility> = {
    row: (ability, action, table) => ability.#compileRow(action, table),
    field: (ability, action, table, field) => ability.#compileField(action, table, field),
    untaggedNeverGrants: (ability, action) => ability.#untaggedNeverGrants(action),
  };

  #compileRow(action: string, table: string): ObjectPredicate {
    if (this.#binding !== undefined) return boundPredicate(this.#binding, action, table);
    return rowPredicateOf(this.rulesForPair(action, table));
  }

  #compileField(action: string, table: string, field: string): RecordPredicate {
    const rules = (this.rulesFor as unknown as LooseRulesFor).call(this, action, table, field);
    return fieldPredicateOf(rules);
  }

  // Whether no rule (on `all`, `action` or `manage`, whatever its conditions) applies to an untagged record.
  #untaggedNeverGrants(action: string): boolean {
    if (this.#binding !== undefined) return boundUntaggedNeverGrants(this.#binding, action);
    return this.rulesForPair(action, UNTAGGED, true).length === 0;
  }

  override update(rules: CaslAbility<TTypes>['rules']): this {
    this.#binding = undefined;
    this.#forgetDecisions();
    super.update(rules);
    // A handler of CASL's `update` event may have checked a record with the old rules: forget it again.
    this.#forgetDecisions();
    return this;
  }

  #forgetDecisions(): void {
    this.#predicates = undefined;
    this.#brandedTable = this.#readBranded = NEVER_BRANDED;
    this.#readBrandedRow = undefined;
    this.#brandedRow = undefined;
    this.#brandedAction = NO_PAIR;
    this.#taggedRow = undefined;
    this.#taggedTable = this.#taggedAction = NO_PAIR;
    this.#checkedRow = undefined;
    this.#readRow = undefined;
    this.#readTable = NO_PAIR;
    this.#checkedTable = this.#checkedAction = NO_PAIR;
  }
}

const EMPTY_COLUMNS: ColumnAccessMap = new Map();
