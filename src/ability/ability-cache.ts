import { PortalPermissionsError } from '../base/errors.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import { ownData } from '../principal/own-data.js';
import { type Principal, parsePrincipalSnapshot } from '../principal/principal.js';
import type { PrincipalArgument } from '../principal/principal-argument.js';
import {
  contactValues,
  type PrincipalRead,
  principalKey,
  probePrincipal,
  readOf,
  readSnapshot,
} from '../principal/principal-key.js';
import type { PortalAbility } from './ability.js';
import { abilityOfValid } from './ability-for.js';
import { type AbilityOptions, abilityOptionsOf } from './ability-options.js';
import { CacheIndex, fastPathOn, type IndexSlot } from './fast-path/index.js';

/**
 * Reuses compiled abilities across requests without ever serving a stale one (RELIABILITY 12): the key is
 * the policy object itself plus the principal's whole state (roles, account, legal entity, account state,
 * licence, …) and the options, so a principal whose roles change or who is disabled, or an edited policy
 * (a new `definePolicy` result), gets a new ability. Load the principal fresh on every request; when full,
 * the oldest entry not used since the last eviction pass is evicted (second chance, close to least recently
 * used). Treat cached abilities as read-only (do not call `update` on them).
 *
 * @example
 * const abilities = new AbilityCache({ max: 1000 });
 * const ability = abilities.abilityFor(policy, await loadContact(request));
 */
export class AbilityCache {
  readonly #max: number;
  readonly #abilities = new Map<string, Entry>();
  // The entries a fast read can find: a hit compares the values read with an entry's, field by field, without
  // writing and hashing a key string.
  readonly #index = new CacheIndex<PortalAbility>();
  readonly #values = contactValues();
  #probing = false;
  // Policies are told apart by identity, not by their version string: identity cannot collide.
  readonly #policyIds = new WeakMap<Policy, number>();
  #nextPolicyId = 0;
  #lastPolicy: Policy | undefined;
  #lastPolicyId = -1;

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
  abilityFor<TTypes extends PolicyTypesLike, const TPrincipal extends Principal>(
    policy: Policy<TTypes>,
    principal: PrincipalArgument<TTypes, TPrincipal>,
    options?: AbilityOptions,
  ): PortalAbility<TTypes> {
    const checked = abilityOptionsOf(options);
    const policyId = this.#idOf(policy as Policy);
    const session = checked.session ?? '';
    // One read of the principal's own properties feeds the key AND the compiler (RELIABILITY 19): a getter,
    // an inherited or a non-enumerable field cannot make the key describe another principal than the ability.
    // A usual principal is read field by field without a copy, and found by comparing the values read.
    let read: PrincipalRead | undefined;
    // The values are probed into an array of this cache's, unless a getter of the principal asks this cache
    // again while it is in use.
    const probing = this.#probing;
    this.#probing = true;
    try {
      // With the fast path off, every principal is copied and found by its key string.
      const probe = fastPathOn()
        ? probePrincipal(principal, probing ? contactValues() : this.#values)
        : undefined;
      if (probe !== undefined) {
        const found = this.#index.find(policyId, session, probe);
        if (found !== undefined) return found as unknown as PortalAbility<TTypes>;
        // A miss keeps the values probed: no property is read again. Their copy (lists copied item by item)
        // is what is validated, compiled, keyed and filed.
        read = readOf(probe);
      }
    } finally {
      this.#probing = probing;
    }
    const snapshot = read === undefined ? ownData(principal) : readSnapshot(read);
    const key = `${policyId}|${session}|${principalKey(snapshot)}`;
    let entry = this.#abilities.get(key);
    if (entry === undefined) {
      policyIndexOf(policy as Policy);
      // The snapshot is validated in place: the principal is copied once per miss, never again.
      const ability = abilityOfValid(policy, parsePrincipalSnapshot(snapshot), checked);
      entry = { ability: ability as unknown as PortalAbility, used: false, key, slot: undefined };
      this.#abilities.set(key, entry);
    } else {
      this.#touch(entry);
    }
    // Only values read from a valid snapshot are filed: equal values then mean this very snapshot. Filed before
    // any eviction, so an entry evicted at once leaves nothing behind in the index.
    if (read !== undefined && entry.slot === undefined) {
      entry.slot = this.#index.file(policyId, session, read, entry.ability);
    }
    if (this.#abilities.size > this.#max) this.#evictOne();
    return entry.ability as unknown as PortalAbility<TTypes>;
  }

  #touch(entry: Entry): void {
    entry.used = true;
  }

  // A hit through the index marks its slot, not the entry (the entry stays out of the processor's cache).
  #takeUsed(entry: Entry): boolean {
    const used = entry.used;
    entry.used = false;
    return entry.slot === undefined ? used : this.#index.takeUsed(entry.slot) || used;
  }

  // Second chance (CLOCK): the oldest entry is evicted unless it was used since it was last passed over, in
  // which case it moves to the recent end. A hit only sets a flag: moving a Map entry on every hit costs a
  // delete and a set, and a cache cycling through its whole capacity would pay it on every request.
  #evictOne(): void {
    for (const [key, entry] of this.#abilities) {
      if (!this.#takeUsed(entry)) {
        this.#evict(key);
        return;
      }
      this.#abilities.delete(key);
      this.#abilities.set(key, entry);
    }
  }

  #evict(key: string): void {
    const entry = this.#abilities.get(key)!;
    this.#abilities.delete(key);
    if (entry.slot !== undefined) this.#index.remove(entry.slot);
  }

  /** How many abilities are cached. */
  get size(): number {
    return this.#abilities.size;
  }

  /** Forgets every cached ability. */
  clear(): void {
    this.#abilities.clear();
    this.#index.clear();
    this.#lastPolicy = undefined;
  }

  #idOf(policy: Policy): number {
    // Requests mostly come under one policy: remember the last one instead of asking the WeakMap.
    if (policy === this.#lastPolicy) return this.#lastPolicyId;
    let id = this.#policyIds.get(policy);
    if (id === undefined) {
      id = this.#nextPolicyId++;
      this.#policyIds.set(policy, id);
    }
    this.#lastPolicy = policy;
    this.#lastPolicyId = id;
    return id;
  }
}

/** A cached ability; `slot` is set once a fast read has found or made it. */
interface Entry {
  readonly ability: PortalAbility;
  /** Used through its key since the eviction scan last passed it (hits through the index mark the slot). */
  used: boolean;
  readonly key: string;
  slot: IndexSlot | undefined;
}
