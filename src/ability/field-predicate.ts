import type { Condition } from '../base/condition.js';
import type { RecordPredicate } from '../base/matcher.js';
import { compileRules } from './fast-path/index.js';
import { firstMatchDecides } from './first-match.js';

/** A rule as `rulesFor` lists it for a field, highest priority first. */
export interface FieldRule {
  readonly conditions?: Condition | undefined;
  readonly inverted?: boolean;
}

/**
 * The predicate deciding a field from its rules in CASL's order: the grants above the first unconditional
 * deny, as one compiled predicate. With a conditional deny (this library emits none; `update` may add one) the
 * first rule whose conditions match decides, as CASL's `can` does. It is decided from these rules alone, never by
 * asking CASL about the record: an untagged row (an embedded parent) would be typed by its constructor there and
 * meet rules written for another subject.
 */
export function fieldPredicateOf(rules: readonly FieldRule[]): RecordPredicate {
  const granting: (Condition | undefined)[] = [];
  for (const rule of rules) {
    if (!rule.inverted) granting.push(rule.conditions);
    else if (rule.conditions === undefined) break;
    else return firstMatchDecides(rules);
  }
  return compileRules(granting);
}
