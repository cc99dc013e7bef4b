import { isDefinedPolicy, policyIndexOf } from './define-policy.js';
import type { Policy } from './policy.js';
import type { PolicyInput } from './schema.js';

export { isDefinedPolicy };

/**
 * The validated (frozen) document a policy returned by `definePolicy` was built from: the plain JSON form the
 * reference evaluator reads. Anything else is refused rather than trusted.
 */
export function policyInputOf(policy: Policy): PolicyInput {
  return policyIndexOf(policy).input;
}
