import type { PortalRawRule } from '../base/rule.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { CASL_OPTIONS, type CaslAbility, type CaslAbilityOf } from './casl-base.js';
import { type Binding, boundRules } from './fast-path/index.js';
import type { FieldRule } from './field-predicate.js';
import { RelevantRules } from './relevant-rules.js';
import { rulesMatching } from './rules-matching.js';

// CASL's methods that read its index are called with their own arguments once it is built.
type CalledThrough = (...args: unknown[]) => never;
type LooseRulesFor = (action: string, table: string) => readonly FieldRule[];

const NO_RULES: never[] = [];

/**
 * A CASL ability that builds CASL's rule index on the first call that reads it: a record check never does.
 * Until then it holds the compiled rules, or a template binding whose rules are written out when first read.
 */
export class IndexedOnDemand<TTypes extends PolicyTypesLike> extends RelevantRules<TTypes> {
  // The compiled rules until CASL indexes them (undefined after): CASL's constructor got an empty list.
  #pending: PortalRawRule[] | undefined;
  // Set while the rules of a template-bound ability are not yet written out: a record check never needs them.
  #unbound: Binding | undefined;

  constructor(rules: PortalRawRule[] | undefined, binding: Binding | undefined) {
    super(NO_RULES, CASL_OPTIONS);
    this.#pending = rules;
    this.#unbound = binding;
  }

  /** The compiled rules while CASL has not indexed them (written out from the binding on first use). */
  protected pendingRules(): PortalRawRule[] | undefined {
    if (this.#unbound !== undefined) {
      this.#pending = boundRules(this.#unbound);
      this.#unbound = undefined;
    }
    return this.#pending;
  }

  /**
   * The rules CASL would consider for (action, table) without a field: read from the pending rules, so that
   * asking never builds the index, or from the index once built (`possible` also keeps inverted field rules).
   */
  protected rulesForPair(action: string, table: string, possible = false): readonly FieldRule[] {
    const pending = this.pendingRules();
    if (pending !== undefined) return rulesMatching(pending, action, table);
    const lookup = possible ? this.possibleRulesFor : this.rulesFor;
    return (lookup as unknown as LooseRulesFor).call(this, action, table);
  }

  override get rules(): CaslAbility<TTypes>['rules'] {
    return (this.pendingRules() as CaslAbility<TTypes>['rules'] | undefined) ?? super.rules;
  }

  // CASL builds its index in update(); every method that reads the index comes through here first.
  #index(): void {
    const pending = this.pendingRules();
    if (pending === undefined) return;
    this.#pending = undefined;
    super.update(pending as never);
  }

  override update(rules: CaslAbility<TTypes>['rules']): this {
    this.#index();
    super.update(rules);
    return this;
  }

  override on(...args: Parameters<CaslAbilityOf<TTypes>['on']>): ReturnType<CaslAbilityOf<TTypes>['on']> {
    // Index first, so that indexing later never calls a handler registered for updates.
    this.#index();
    return super.on(...args);
  }

  override possibleRulesFor(
    ...args: Parameters<CaslAbility<TTypes>['possibleRulesFor']>
  ): ReturnType<CaslAbility<TTypes>['possibleRulesFor']> {
    this.#index();
    return (super.possibleRulesFor as CalledThrough).apply(this, args);
  }

  override rulesFor(
    ...args: Parameters<CaslAbility<TTypes>['rulesFor']>
  ): ReturnType<CaslAbility<TTypes>['rulesFor']> {
    this.#index();
    return (super.rulesFor as CalledThrough).apply(this, args);
  }

  override actionsFor(
    ...args: Parameters<CaslAbility<TTypes>['actionsFor']>
  ): ReturnType<CaslAbility<TTypes>['actionsFor']> {
    this.#index();
    return (super.actionsFor as CalledThrough).apply(this, args);
  }

  override relevantRuleFor(
    ...args: Parameters<CaslAbility<TTypes>['relevantRuleFor']>
  ): ReturnType<CaslAbility<TTypes>['relevantRuleFor']> {
    this.#index();
    return (super.relevantRuleFor as CalledThrough).apply(this, args);
  }
}
