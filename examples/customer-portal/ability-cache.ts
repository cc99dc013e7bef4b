import { abilityFor, type Policy, type PortalAbility, type Principal } from 'portal-permissions';

/** Sorted-key JSON: two principals with the same content give the same key whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Reuses compiled abilities across requests. The key is the policy version plus the principal's whole
 * state (roles, account, legal entity, account state…), read fresh from the database on every request: a
 * contact whose roles change or who is disabled, or a policy that is edited, gets a new key, so a stale
 * ability is never served. Old entries simply age out.
 */
export class AbilityCache {
  readonly #max: number;
  readonly #abilities = new Map<string, PortalAbility>();

  constructor(max = 500) {
    this.#max = max;
  }

  /** The ability of `principal` under `policy`, compiled on first use. */
  abilityFor<TTable extends string>(policy: Policy<TTable>, principal: Principal): PortalAbility<TTable> {
    const key = `${policy.version}:${canonical(principal)}`;
    const cached = this.#abilities.get(key) as PortalAbility<TTable> | undefined;
    if (cached) {
      // Re-insert so the Map's insertion order doubles as least-recently-used order.
      this.#abilities.delete(key);
      this.#abilities.set(key, cached as PortalAbility);
      return cached;
    }
    const ability = abilityFor(policy, principal);
    this.#abilities.set(key, ability as PortalAbility);
    if (this.#abilities.size > this.#max) this.#abilities.delete(this.#abilities.keys().next().value!);
    return ability;
  }

  /** How many abilities are cached. */
  get size(): number {
    return this.#abilities.size;
  }
}
