import { Ability } from '@casl/ability';
import { columnMatcher } from '../base/column-access.js';
import type { Condition } from '../base/condition.js';
import { conditionsMatcher } from '../base/matcher.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import type { Action, PortalSubject } from './portal-subject.js';
import { detectSubjectType } from './subject.js';

/** CASL's ability over the library's actions and the subjects of a policy. */
export type CaslAbility<TTypes extends PolicyTypesLike> = Ability<[Action, PortalSubject<TTypes>], Condition>;

/**
 * CASL's ability, whose `can` and `cannot` `PortalAbility` types itself: their arguments are checked against
 * the policy's names through types CASL's own signature cannot express (a field's columns depend on the
 * subject's table), so the base leaves them open.
 */
export interface CaslAbilityOf<TTypes extends PolicyTypesLike> extends CaslAbility<TTypes> {
  can(...args: unknown[]): boolean;
  cannot(...args: unknown[]): boolean;
}

/** CASL's `Ability` class, typed as `CaslAbilityOf`: the class `PortalAbility` extends. */
export const CaslBase = Ability as unknown as new <TTypes extends PolicyTypesLike>(
  rules: never[],
  options: typeof CASL_OPTIONS,
) => CaslAbilityOf<TTypes>;

/** The matchers every portal ability runs with: the library's conditions, tags and columns. */
export const CASL_OPTIONS = {
  conditionsMatcher: conditionsMatcher as never,
  detectSubjectType: detectSubjectType as never,
  fieldMatcher: columnMatcher,
};
