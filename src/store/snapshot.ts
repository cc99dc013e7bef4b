import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike } from '../policy/policy-types.js';

/**
 * One published version as a request sees it: immutable, so a request that took it at its start keeps
 * the same policy to its end, whatever is published meanwhile.
 */
export interface PolicySnapshot<TTypes extends PolicyTypesLike = PolicyTypes> {
  /** The store's version number: 1 for the first publish, one more for each publish or rollback. */
  readonly version: number;
  /** The validated policy, shared by every request of this version (validated once per process). */
  readonly policy: Policy<TTypes>;
  readonly author: string;
  readonly comment: string;
  /** When the version was written, as an ISO 8601 instant. */
  readonly publishedAt: string;
}

/** One entry of the audit trail: who published which version, why, and whether it widened access. */
export interface PolicyVersionEntry {
  readonly version: number;
  /** The policy's content hash (`policy.version`) at publish time. */
  readonly policyHash: string;
  readonly author: string;
  readonly comment: string;
  /** True when the publish widened access (or could not be shown not to) and said so with `allowWiden`. */
  readonly widened: boolean;
  /** The reason given with `allowWiden`, `null` otherwise. */
  readonly reason: string | null;
  /** The version whose document a rollback published again, `null` for an ordinary publish. */
  readonly rollbackOf: number | null;
  readonly publishedAt: string;
}

/** How the store is doing: what it serves and whether it hears from the database. */
export interface PolicyStoreStatus {
  /** `online`: the last contact with the database succeeded; `offline`: it failed, the last version is served. */
  readonly state: 'online' | 'offline' | 'closed';
  /** True while a LISTEN connection is up (new versions arrive at once; otherwise at the next poll). */
  readonly listening: boolean;
  /** The version served, `null` before any is published. */
  readonly version: number | null;
  /** When `state` last changed, as an ISO 8601 instant. */
  readonly since: string;
  /** The last database or validation error, while offline or after a version that failed validation. */
  readonly error?: string;
}

/** What a store tells its subscribers. */
export type PolicyStoreEvent =
  | { readonly type: 'version'; readonly snapshot: PolicySnapshot }
  | { readonly type: 'offline'; readonly error: unknown }
  | { readonly type: 'online' }
  | { readonly type: 'invalid_version'; readonly version: number; readonly error: unknown };

/** Freezes a snapshot: the policy is already frozen by `definePolicy`. */
export function snapshotOf(fields: PolicySnapshot): PolicySnapshot {
  return Object.freeze({ ...fields });
}
