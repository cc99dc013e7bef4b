import type { PortalAbility } from '../ability/ability.js';
import { abilityFor } from '../ability/ability-for.js';
import { formatPath, isPrincipalValidationError } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import type { Principal } from '../principal/principal.js';

/** Principals by the label a review shows for them (`{ jane: { kind: 'contact', … } }`). */
export type PrincipalsByLabel = Readonly<Record<string, Principal>>;

/** A principal a review could not compile (e.g. it names a web role the policy lacks); it is shown with no access. */
export interface PrincipalProblem {
  readonly principal: string;
  readonly code: string;
  readonly message: string;
}

/** The abilities of labelled principals; a principal the policy refuses gets none (fail closed) and a problem. */
export function abilitiesOf(
  policy: Policy,
  principals: PrincipalsByLabel,
): {
  readonly abilities: ReadonlyMap<string, PortalAbility>;
  readonly problems: readonly PrincipalProblem[];
} {
  const abilities = new Map<string, PortalAbility>();
  const problems: PrincipalProblem[] = [];
  for (const [label, principal] of Object.entries(principals)) {
    try {
      abilities.set(label, abilityFor(policy, principal));
    } catch (error) {
      if (!isPrincipalValidationError(error)) throw error;
      const issues = error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
      problems.push({ principal: label, code: error.code, message: issues.join('; ') });
    }
  }
  return { abilities, problems };
}
