import type { ObjectPredicate } from '../base/matcher.js';
import { compileObjectRules } from './fast-path/index.js';
import type { FieldRule } from './field-predicate.js';
import { firstMatchDecides } from './first-match.js';

/**
 * The predicate deciding a row from the rules of (action, table), highest priority first, as CASL's `rulesFor`
 * lists them. The library emits only grants, which compile into one predicate. A deny that `update` adds
 * (CASL's `cannot`) must never read as a grant: then the first rule whose conditions match decides, as in
 * CASL's `can`, and a matching deny says no.
 */
export function rowPredicateOf(rules: readonly FieldRule[]): ObjectPredicate {
  if (!rules.some((rule) => rule.inverted === true)) {
    return compileObjectRules(rules.map((rule) => rule.conditions));
  }
  return firstMatchDecides(rules);
}
