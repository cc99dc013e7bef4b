import type { Policy } from './policy.js';
import type { PolicyInput } from './schema.js';

const inputs = new WeakMap<object, PolicyInput>();

/** Keeps the validated document a policy was defined from, for tools that read the plain JSON form. */
export function rememberPolicyInput(policy: Policy, input: PolicyInput): void {
  inputs.set(policy, input);
}

/**
 * The validated (frozen) document a policy returned by `definePolicy` was built from: the plain JSON form the
 * reference evaluator reads. Anything else is refused rather than trusted.
 */
export function policyInputOf(policy: Policy): PolicyInput {
  const input = typeof policy === 'object' && policy !== null ? inputs.get(policy) : undefined;
  if (!input) {
    throw new TypeError(
      'expected a policy returned by definePolicy(); validate plain policy objects with definePolicy() first',
    );
  }
  return input;
}

/** Whether `value` is a policy returned by `definePolicy` (as opposed to a plain policy document). */
export function isDefinedPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && inputs.has(value);
}
