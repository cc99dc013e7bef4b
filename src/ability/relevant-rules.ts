import type { ObjectPredicate } from '../base/matcher.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { type CaslAbility, CaslBase } from './casl-base.js';
import { compileObjectRules } from './fast-path/index.js';
import type { Action, ActionArgument, TableArgument } from './portal-subject.js';

/** A rule as CASL's `relevantRuleFor` answers it: the compiled `Rule`, with `origin` (the raw rule). */
export type RelevantRule<TTypes extends PolicyTypesLike> = ReturnType<CaslAbility<TTypes>['relevantRuleFor']>;

// CASL's methods are typed from the ability's generics; here they are called with plain strings and records.
type ListedRule = { readonly conditions?: unknown; matchesConditions(record: unknown): boolean };
type LooseRulesFor = (action: string, table: string) => readonly ListedRule[];
type LooseRelevantRuleFor = (action: unknown, subject?: unknown, field?: unknown) => unknown;

/** One rule CASL lists for an (action, table) pair, and its conditions compiled (none: it always matches). */
interface Candidate {
  readonly rule: ListedRule;
  readonly matches: ObjectPredicate | undefined;
}

/** What one ability keeps for an (action, table) pair. */
interface Pair {
  readonly candidates: readonly Candidate[];
  /** The answer for the table's name (a type-level question), once asked: it is the same for every call. */
  typeLevel: ListedRule | null | undefined;
}

// Where no pair has been asked yet: a question naming '' twice meets a memo holding no pair, and CASL answers.
const NO_PAIR = '';
// Table names may come from a request (a record tagged with any text): past this many pairs an ability keeps
// no more candidates and asks CASL, so the memory one ability holds stays bounded (RELIABILITY 21).
export const MAX_CACHED_PAIRS = 256;

/**
 * A CASL ability whose `relevantRuleFor(action, record)` finds the rule from the conditions of the rules CASL
 * lists for the pair, each compiled once per ability and pair: the same `Rule` object CASL's own method
 * returns, without CASL's list filtering and condition interpreting per call; a table name's answer (a
 * type-level question) is CASL's own, kept per pair. A field, a class, nothing, and every call while `update`
 * runs (its event handlers see the rules change) go to CASL's own method.
 */
export class RelevantRules<TTypes extends PolicyTypesLike> extends CaslBase<TTypes> {
  #pairs: Map<string, Map<string, Pair>> | undefined;
  #pairCount = 0;
  #lastAction = NO_PAIR;
  #lastTable = NO_PAIR;
  #last: Pair | undefined;
  // How many `update` calls are running: a handler may call `update` again, so a flag would clear too early.
  #updating = 0;

  override relevantRuleFor(
    ...args: Parameters<CaslAbility<TTypes>['relevantRuleFor']>
  ): RelevantRule<TTypes> {
    const [action, record, field] = args as unknown as [unknown, unknown, unknown];
    if (field === undefined && typeof action === 'string' && this.#updating === 0) {
      if (typeof record === 'object' && record !== null) {
        // CASL's own detection (the genuine tag, else untagged): a forged tag chooses nothing here either.
        const table = (this.detectSubjectType as (record: object) => string)(record);
        const pair = this.#pairFor(action, table);
        if (pair !== undefined) return firstMatching(pair.candidates, record) as RelevantRule<TTypes>;
      } else if (typeof record === 'string') {
        const pair = this.#pairFor(action, record);
        if (pair !== undefined) return typeLevel(pair, record) as RelevantRule<TTypes>;
      }
    }
    return (super.relevantRuleFor as LooseRelevantRuleFor).apply(this, args) as RelevantRule<TTypes>;
  }

  /**
   * The rule that decides `action` on `record`, a row of `table` that nobody tagged: what
   * `relevantRuleFor(action, subject(table, record))` returns (its `origin.provenance` names the grant),
   * without tagging the row; `null` when no rule applies. A value that is not an object is no row: `null`.
   * The row's own properties are read, as `check` reads them.
   *
   * @example ability.decidingRule('read', 'salesorder', row)?.origin.provenance
   */
  decidingRule<TTable extends string, TAction extends string = Action>(
    action: ActionArgument<TTypes, TTable, TAction>,
    table: TableArgument<TTypes, TTable>,
    record: object,
  ): RelevantRule<TTypes> {
    if (typeof record !== 'object' || record === null) return null;
    if (typeof action !== 'string' || typeof table !== 'string') return null;
    const pair = this.#updating === 0 ? this.#pairFor(action, table) : undefined;
    if (pair !== undefined) return firstMatching(pair.candidates, record) as RelevantRule<TTypes>;
    // CASL's own reading, as its `relevantRuleFor` does once it knows the table.
    for (const rule of this.#listed(action, table))
      if (rule.matchesConditions(record)) return rule as RelevantRule<TTypes>;
    return null;
  }

  override update(rules: CaslAbility<TTypes>['rules']): this {
    this.#forget();
    this.#updating += 1;
    try {
      super.update(rules);
    } finally {
      this.#updating -= 1;
      this.#forget();
    }
    return this;
  }

  // The rules CASL lists for the pair without a field, highest priority first (built from its index).
  #listed(action: string, table: string): readonly ListedRule[] {
    return (this.rulesFor as unknown as LooseRulesFor).call(this, action, table);
  }

  // The pair's candidates, compiled on first use; undefined when CASL must answer (past the bound, or a rule
  // whose conditions do not compile: CASL's matcher then says what they mean).
  #pairFor(action: string, table: string): Pair | undefined {
    if (action === this.#lastAction && table === this.#lastTable) return this.#last;
    let byTable = this.#pairs?.get(action);
    let pair = byTable?.get(table);
    if (pair === undefined) {
      if (this.#pairCount >= MAX_CACHED_PAIRS) return undefined;
      const candidates = candidatesOf(this.#listed(action, table));
      if (candidates === undefined) return undefined;
      pair = { candidates, typeLevel: undefined };
      this.#pairs ??= new Map();
      if (byTable === undefined) {
        byTable = new Map();
        this.#pairs.set(action, byTable);
      }
      byTable.set(table, pair);
      this.#pairCount += 1;
    }
    this.#lastAction = action;
    this.#lastTable = table;
    this.#last = pair;
    return pair;
  }

  #forget(): void {
    this.#pairs = undefined;
    this.#pairCount = 0;
    this.#lastAction = this.#lastTable = NO_PAIR;
    this.#last = undefined;
  }
}

// As CASL's `Rule.matchesConditions` on a record: a rule without conditions (any falsy value) always matches.
function candidatesOf(rules: readonly ListedRule[]): readonly Candidate[] | undefined {
  try {
    return rules.map((rule) => ({
      rule,
      matches: rule.conditions ? compileObjectRules([rule.conditions as never]) : undefined,
    }));
  } catch {
    return undefined;
  }
}

// CASL's own reading of a table name, asked of each rule once per pair: a rule's answer for a subject type does
// not depend on which name it is (a grant matches, a deny only when its conditions match everything).
function typeLevel(pair: Pair, table: string): ListedRule | null {
  if (pair.typeLevel === undefined)
    pair.typeLevel = pair.candidates.find(({ rule }) => rule.matchesConditions(table))?.rule ?? null;
  return pair.typeLevel;
}

function firstMatching(candidates: readonly Candidate[], record: object): ListedRule | null {
  for (let index = 0; index < candidates.length; index++) {
    const { rule, matches } = candidates[index]!;
    if (matches === undefined || matches(record)) return rule;
  }
  return null;
}
