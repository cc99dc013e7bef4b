import type { Condition } from '../base/condition.js';
import type { RecordPredicate } from '../base/matcher.js';
import { compileRules } from './fast-path/index.js';

/** A rule as CASL lists it for a question: its conditions, and whether it denies. */
interface ListedRule {
  readonly conditions?: Condition | undefined;
  readonly inverted?: boolean;
}

/**
 * CASL's own reading of a rule list that holds a deny, highest priority first: the first rule whose conditions
 * match decides, and no match denies. Used only where a caller's `update` added a deny; the library's own rules
 * are grants, which compile into one predicate.
 */
export function firstMatchDecides(rules: readonly ListedRule[]): RecordPredicate {
  const ordered = rules.map((rule) => ({
    matches: compileRules([rule.conditions]),
    allows: rule.inverted !== true,
  }));
  return (record) => {
    for (const { matches, allows } of ordered) if (matches(record)) return allows;
    return false;
  };
}
