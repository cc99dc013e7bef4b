import { PortalPermissionsError } from '../base/errors.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import { canonicalKey, fieldsKey, ownData } from '../principal/own-data.js';
import { PRINCIPAL_FIELDS, type Principal, parsePrincipalSnapshot } from '../principal/principal.js';
import { isPrincipalShape } from '../principal/principal-shape.js';
import { type AbilityOptions, abilityOfValid, abilityOptionsOf, type PortalAbility } from './ability.js';

/**
 * A text key of a principal snapshot, equal for two snapshots exactly when they hold the same data: a valid
 * principal field by field in schema order (no sort), anything else through `canonicalKey`, under another
 * prefix so the two forms never meet.
 */
function principalKey(snapshot: unknown): string {
  if (!isPrincipalShape(snapshot)) return `c${canonicalKey(snapshot)}`;
  const record = snapshot as Record<string, unknown>;
  return `f${fieldsKey(record, PRINCIPAL_FIELDS[record.kind as keyof typeof PRINCIPAL_FIELDS])}`;
}

/**
 * Reuses compiled abilities across requests without ever serving a stale one (RELIABILITY 12): the key is
 * the policy object itself plus the principal's whole state (roles, account, legal entity, account state,
 * licence, …) and the options, so a principal whose roles change or who is disabled, or an edited policy
 * (a new `definePolicy` result), gets a new ability. Load the principal fresh on every request; the least
 * recently used entries are evicted (an entry moves
 * to the recent end at most once per quarter of the capacity's lookups). Treat cached abilities as read-only (do not call `update` on them).
 *
 * @example
 * const abilities = new AbilityCache({ max: 1000 });
 * const ability = abilities.abilityFor(policy, await loadContact(request));
 */
export class AbilityCache {
  readonly #max: number;
  readonly #abilities = new Map<string, { ability: PortalAbility; used: number }>();
  // Counts lookups: an entry moves to the recent end of the Map only when a quarter of the capacity has been
  // looked up since it last moved, so most hits are one Map read (moving a Map entry costs a delete and a set).
  #clock = 0;
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
    const key = `${this.#idOf(policy as Policy)}|${checked.session ?? ''}|${principalKey(snapshot)}`;
    const clock = ++this.#clock;
    const cached = this.#abilities.get(key);
    if (cached) {
      if (clock - cached.used > this.#max >> 2) {
        // Re-insert so the Map's insertion order doubles as least-recently-used order.
        this.#abilities.delete(key);
        this.#abilities.set(key, cached);
        cached.used = clock;
      }
      return cached.ability as unknown as PortalAbility<TTable>;
    }
    policyIndexOf(policy as Policy);
    // The snapshot is validated in place: the principal is copied once per miss, never again.
    const ability = abilityOfValid(policy, parsePrincipalSnapshot(snapshot), checked);
    this.#abilities.set(key, { ability: ability as unknown as PortalAbility, used: clock });
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
