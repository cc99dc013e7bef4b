import type { ObjectPredicate } from '../../base/matcher.js';
import type { CompiledPrincipal, PortalRawRule } from '../../base/rule.js';
import type { PolicyIndex } from '../../policy/policy.js';
import type { ValidPrincipal } from '../../principal/principal.js';
import type { Session } from '../../principal/user.js';
import { isJitless } from '../config.js';
import { rulesMatching } from '../rules-matching.js';
import { UNTAGGED } from '../subject.js';
import { identityOf } from './identity.js';
import { type RuleTemplate, rulesOf, templateFor, templatePredicate } from './rule-template.js';

// The one door to the speed machinery: rule templates shared by principals that differ only in their ids,
// generated predicates with merged leaves, report slots and the cache's flat index.
// The rest of the library imports this file only. Every part gives the answers of the plain path (the
// rules as compiled, `compileCondition`'s closures, the cache's key strings), and `configure({ jitless: true })`
// switches all of it off at once.

export { CacheIndex, type IndexSlot } from './cache-index.js';
export { compileObjectRules, compileRules } from './codegen.js';

/** Whether the fast path is on: everything but `configure({ jitless: true })`. */
export const fastPathOn = (): boolean => !isJitless();

/** One principal's share of a rule template: the template and this principal's ids. */
export interface Binding {
  readonly template: RuleTemplate;
  readonly values: readonly string[];
}

/**
 * The template binding of a principal, its template compiled on first use by `compile` (given a stand-in
 * with placeholders for ids); `undefined` when the principal compiles alone (always with the fast path off).
 */
export function bindingFor(
  index: PolicyIndex,
  principal: ValidPrincipal,
  session: Session | undefined,
  compile: (standIn: ValidPrincipal) => CompiledPrincipal,
): Binding | undefined {
  if (!fastPathOn()) return undefined;
  const identity = identityOf(index, principal, session);
  if (identity === undefined) return undefined;
  return { template: templateFor(index, identity, compile), values: identity.values };
}

/** The compiled form a bound principal shares: its rules hold placeholders. */
export const sharedCompiled = (binding: Binding): CompiledPrincipal => binding.template.compiled;

/** The rules of a bound principal, its ids put in. */
export const boundRules = (binding: Binding): PortalRawRule[] => rulesOf(binding.template, binding.values);

/** The predicate of (action, table) for a bound principal, given objects only: compiled once per template. */
export const boundPredicate = (binding: Binding, action: string, table: string): ObjectPredicate =>
  templatePredicate(binding.template, binding.values, action, table);

/** Whether no rule of a bound principal applies to a record nobody tagged, for `action`; kept per template. */
export function boundUntaggedNeverGrants(binding: Binding, action: string): boolean {
  const { untagged, compiled } = binding.template;
  let never = untagged.get(action);
  if (never === undefined) {
    never = rulesMatching(compiled.rules, action, UNTAGGED).length === 0;
    untagged.set(action, never);
  }
  return never;
}
