import type { Condition } from '../base/condition.js';
import type { RecordPredicate } from '../base/matcher.js';
import { compileRules } from './fast-path/index.js';

/** A rule as `rulesFor` lists it for a field, highest priority first. */
export interface FieldRule {
  readonly conditions?: Condition | undefined;
  readonly inverted?: boolean;
}

/**
 * The predicate deciding a field from its rules in CASL's order: the grants above the first unconditional
 * deny, as one compiled predicate. A conditional deny (this library emits none; `update` may add one) is
 * decided by `fallback`, CASL's own check, so such rules still answer right.
 */
export function fieldPredicateOf(rules: readonly FieldRule[], fallback: RecordPredicate): RecordPredicate {
  const granting: (Condition | undefined)[] = [];
  for (const rule of rules) {
    if (!rule.inverted) granting.push(rule.conditions);
    else if (rule.conditions === undefined) break;
    else return fallback;
  }
  return compileRules(granting);
}
