import { PortalPermissionsError } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import { canonicalKey, ownData } from '../principal/own-data.js';
import type { Principal } from '../principal/principal.js';
import { type AbilityOptions, abilityFor, abilityOptionsOf, type PortalAbility } from './ability.js';

/**
 * Reuses compiled abilities across requests without ever serving a stale one (RELIABILITY 12): the key is
 * the policy object itself plus the principal's whole state (roles, account, legal entity, account state,
 * licence, …) and the options, so a principal whose roles change or who is disabled, or an edited policy
 * (a new `definePolicy` result), gets a new ability. Load the principal fresh on every request; the least
 * recently used entries are evicted. Treat cached abilities as read-only (do not call `update` on them).
 *
 * @example
 * const abilities = new AbilityCache({ max: 1000 });
 * const ability = abilities.abilityFor(policy, await loadContact(request));
 */
export class AbilityCache {
  readonly #max: number;
  readonly #abilities = new Map<string, PortalAbility>();
  // Policies are told apart by identity, not by their version string: identity cannot collide.
  readonly #policyIds = new WeakMap<Policy, number>();
  #nextPolicyId = 0;

  constructor(options: { readonly max?: number } = {}) {
    const max = (Object.hasOwn(options, 'max') ? options.max : undefined) ?? 500;
    if (!Number.isInteger(max) || max < 1) {
      throw new PortalPermissionsError(
        'invalid_cache_size',
        `max must be a positive integer (the number of abilities kept), got ${String(max)}`,
        { path: ['max'] },
      );
    }
    this.#max = max;
  }

  /** The ability of `principal` under `policy` (as `abilityFor` builds it), compiled on first use. */
  abilityFor<TTable extends string>(
    policy: Policy<TTable>,
    principal: Principal,
    options: AbilityOptions = {},
  ): PortalAbility<TTable> {
    // One snapshot of the principal's own properties feeds the key AND the compiler (RELIABILITY 19): a getter,
    // an inherited or a non-enumerable field cannot make the key describe another principal than the ability.
    const snapshot = ownData(principal);
    const checked = abilityOptionsOf(options);
    const key = `${this.#idOf(policy as Policy)}|${canonicalKey(snapshot)}|${canonicalKey(checked)}`;
    const cached = this.#abilities.get(key);
    if (cached) {
      // Re-insert so the Map's insertion order doubles as least-recently-used order.
      this.#abilities.delete(key);
      this.#abilities.set(key, cached);
      return cached as unknown as PortalAbility<TTable>;
    }
    const ability = abilityFor(policy, snapshot as Principal, checked);
    this.#abilities.set(key, ability as unknown as PortalAbility);
    if (this.#abilities.size > this.#max) this.#abilities.delete(this.#abilities.keys().next().value!);
    return ability;
  }

  /** How many abilities are cached. */
  get size(): number {
    return this.#abilities.size;
  }

  /** Forgets every cached ability. */
  clear(): void {
    this.#abilities.clear();
  }

  #idOf(policy: Policy): number {
    let id = this.#policyIds.get(policy);
    if (id === undefined) {
      id = this.#nextPolicyId++;
      this.#policyIds.set(policy, id);
    }
    return id;
  }
}
