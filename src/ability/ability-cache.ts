import { PortalPermissionsError } from '../base/errors.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import { ownData } from '../principal/own-data.js';
import { type Principal, parsePrincipalSnapshot } from '../principal/principal.js';
import {
  copyRead,
  type PrincipalRead,
  principalKey,
  readPrincipal,
  readSnapshot,
  sameRead,
} from '../principal/principal-key.js';
import { type AbilityOptions, abilityOfValid, abilityOptionsOf, type PortalAbility } from './ability.js';

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
  // The entries a fast read can find, chained by the principal's id (its kind when it has none): a hit compares
  // the values read with an entry's, field by field, without writing a key (a fresh key string costs more to
  // hash than the whole comparison).
  readonly #byId = new Map<string, Entry>();
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
  abilityFor<TTable extends string>(
    policy: Policy<TTable>,
    principal: Principal,
    options?: AbilityOptions,
  ): PortalAbility<TTable> {
    const checked = abilityOptionsOf(options);
    const policyId = this.#idOf(policy as Policy);
    const session = checked.session ?? '';
    // One read of the principal's own properties feeds the key AND the compiler (RELIABILITY 19): a getter,
    // an inherited or a non-enumerable field cannot make the key describe another principal than the ability.
    // A usual principal is read field by field without a copy, and found by comparing the values read.
    const read = readPrincipal(principal);
    if (read !== undefined) {
      const found = this.#find(policyId, session, read);
      if (found !== undefined) return this.#touch(found) as unknown as PortalAbility<TTable>;
    }
    const snapshot = read === undefined ? ownData(principal) : readSnapshot(read);
    const key = `${policyId}|${session}|${principalKey(snapshot)}`;
    let entry = this.#abilities.get(key);
    if (entry === undefined) {
      policyIndexOf(policy as Policy);
      // The snapshot is validated in place: the principal is copied once per miss, never again.
      const ability = abilityOfValid(policy, parsePrincipalSnapshot(snapshot), checked);
      entry = { ability: ability as unknown as PortalAbility, used: false, key, read: undefined };
      entry.next = undefined;
      this.#abilities.set(key, entry);
      if (this.#abilities.size > this.#max) this.#evictOne();
    } else {
      this.#touch(entry);
    }
    // Only values read from a valid snapshot are filed: equal values then mean this very snapshot.
    if (read !== undefined && entry.read === undefined) this.#file(entry, policyId, session, read);
    return entry.ability as unknown as PortalAbility<TTable>;
  }

  #find(policyId: number, session: string, read: PrincipalRead): Entry | undefined {
    let entry = this.#byId.get(bucketOf(read));
    while (entry !== undefined) {
      if (entry.policyId === policyId && entry.session === session && sameRead(entry.read!, read))
        return entry;
      entry = entry.next;
    }
    return undefined;
  }

  #file(entry: Entry, policyId: number, session: string, read: PrincipalRead): void {
    const bucket = bucketOf(read);
    entry.policyId = policyId;
    entry.session = session;
    // Its own copy: the snapshot's lists become the ability's principal, which callers can reach.
    entry.read = copyRead(read);
    entry.next = this.#byId.get(bucket);
    this.#byId.set(bucket, entry);
  }

  #touch(entry: Entry): PortalAbility {
    entry.used = true;
    return entry.ability;
  }

  // Second chance (CLOCK): the oldest entry is evicted unless it was used since it was last passed over, in
  // which case it moves to the recent end. A hit only sets a flag: moving a Map entry on every hit costs a
  // delete and a set, and a cache cycling through its whole capacity would pay it on every request.
  #evictOne(): void {
    for (const [key, entry] of this.#abilities) {
      if (!entry.used) {
        this.#evict(key);
        return;
      }
      entry.used = false;
      this.#abilities.delete(key);
      this.#abilities.set(key, entry);
    }
  }

  #evict(key: string): void {
    const entry = this.#abilities.get(key)!;
    this.#abilities.delete(key);
    if (entry.read === undefined) return;
    const bucket = bucketOf(entry.read);
    let previous: Entry | undefined;
    let current = this.#byId.get(bucket);
    while (current !== undefined && current !== entry) {
      previous = current;
      current = current.next;
    }
    if (current === undefined) return;
    if (previous !== undefined) previous.next = entry.next;
    else if (entry.next !== undefined) this.#byId.set(bucket, entry.next);
    else this.#byId.delete(bucket);
  }

  /** How many abilities are cached. */
  get size(): number {
    return this.#abilities.size;
  }

  /** Forgets every cached ability. */
  clear(): void {
    this.#abilities.clear();
    this.#byId.clear();
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

/** A cached ability; `read` and the fields after it are set once a fast read has found or made it. */
interface Entry {
  readonly ability: PortalAbility;
  /** Used since the eviction scan last passed it. */
  used: boolean;
  readonly key: string;
  read: PrincipalRead | undefined;
  policyId?: number;
  session?: string;
  next?: Entry | undefined;
}

const bucketOf = (read: PrincipalRead): string => {
  const id = read.values[1];
  return typeof id === 'string' ? id : (read.values[0] as string);
};
