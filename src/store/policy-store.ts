import { definePolicy, policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyInput } from '../policy/schema.js';
import { canonicalJson, canonicalPolicy } from './canonical-json.js';
import { isPolicyStoreDatabase, type PolicyStoreDatabase } from './database.js';
import { documentJson, refuseOversizedInput } from './document-size.js';
import { type PublishOptions, publishOptionsOf } from './publish-options.js';
import { type ChangeReview, type ReviewedVersion, reviewChange } from './review-change.js';
import {
  type PolicySnapshot,
  type PolicyStoreEvent,
  type PolicyStoreStatus,
  type PolicyVersionEntry,
  snapshotOf,
} from './snapshot.js';
import { PolicyStoreError, PolicyVersionConflictError, PolicyWidensError } from './store-errors.js';
import { type PolicyStoreOptions, type StoreSettings, storeSettingsOf } from './store-options.js';
import { VersionFollower } from './version-follower.js';
import { type StoredVersion, VersionsTable } from './versions-table.js';

/** What a publish or rollback wrote: the new snapshot (already served by this process) and the review. */
export interface PublishResult {
  readonly snapshot: PolicySnapshot;
  readonly review: ChangeReview;
}

/** What a preview found: the change against `baseVersion`, nothing written. */
export interface PreviewResult extends ChangeReview {
  readonly baseVersion: number | null;
  /** The validated policy the document would become. */
  readonly policy: Policy;
}

/**
 * Versioned policies in PostgreSQL, shared by every process of a site: each process serves the newest
 * version it has validated and switches when another process publishes (see `createPolicyStore`).
 */
export interface PolicyStore {
  /** The version to serve now; take it once per request and keep it to the request's end. */
  current(): PolicySnapshot;
  /** Whether the store hears from the database, and which version it serves. */
  status(): PolicyStoreStatus;
  /** Validates a document and reviews it against a version (the current one by default); writes nothing. */
  preview(document: unknown, options?: { readonly baseVersion?: number | null }): Promise<PreviewResult>;
  /** Validates, reviews and writes a new version; refuses a conflict, a widening not allowed, invalid input. */
  publish(document: unknown, options: PublishOptions): Promise<PublishResult>;
  /** Publishes an earlier version's document again as a new version, reviewed and audited like a publish. */
  rollback(version: number, options: PublishOptions): Promise<PublishResult>;
  /** The audit trail, newest first (at most `limit`, 50 by default; versions below `before`). */
  history(options?: { readonly limit?: number; readonly before?: number }): Promise<PolicyVersionEntry[]>;
  /** The stored document of one version. */
  document(version: number): Promise<unknown>;
  /** Reads the newest version now instead of waiting for a notification or a poll. */
  refresh(): Promise<PolicySnapshot | undefined>;
  /** Calls `listener` on each new version, loss and return of the database; returns the unsubscribe function. */
  subscribe(listener: (event: PolicyStoreEvent) => void): () => void;
  /** Stops listening and polling; the last snapshot stays readable, writes are refused. */
  close(): Promise<void>;
}

const MAX_HISTORY = 1_000;

class PostgresPolicyStore implements PolicyStore {
  readonly #settings: StoreSettings;
  readonly #table: VersionsTable;
  readonly #follower: VersionFollower;
  #closed = false;

  constructor(db: PolicyStoreDatabase, settings: StoreSettings) {
    this.#settings = settings;
    this.#table = new VersionsTable(db, settings.table);
    this.#follower = new VersionFollower({
      db,
      table: this.#table,
      channel: settings.channel,
      pollIntervalMs: settings.pollIntervalMs,
      abilityCache: settings.abilityCache,
    });
  }

  async start(): Promise<void> {
    await this.#table.ensure();
    await this.#follower.start();
  }

  current(): PolicySnapshot {
    const snapshot = this.#follower.snapshot;
    if (snapshot === undefined) {
      throw new PolicyStoreError(
        'no_published_policy',
        'no policy version is published yet; publish the first one with baseVersion: null (and allowWiden with a reason)',
      );
    }
    return snapshot;
  }

  status(): PolicyStoreStatus {
    return this.#follower.status;
  }

  async preview(
    document: unknown,
    options: { readonly baseVersion?: number | null } = {},
  ): Promise<PreviewResult> {
    const after = this.#validate(document);
    const own = Object.hasOwn(options, 'baseVersion') ? options.baseVersion : undefined;
    const baseVersion = own === undefined ? (this.#follower.snapshot?.version ?? null) : own;
    const before =
      baseVersion === null
        ? undefined
        : await this.#reviewed(await this.#stored(baseVersion, ['baseVersion']));
    const review = await reviewChange(before, after, this.#settings.review, this.#settings.proveNarrows);
    return { ...review, baseVersion, policy: after.policy };
  }

  publish(document: unknown, options: PublishOptions): Promise<PublishResult> {
    return this.#publish(document, options, null);
  }

  async rollback(version: number, options: PublishOptions): Promise<PublishResult> {
    this.#refuseWhenClosed();
    const stored = await this.#stored(version, ['version']);
    return this.#publish(stored.document, options, version);
  }

  async history(
    options: { readonly limit?: number; readonly before?: number } = {},
  ): Promise<PolicyVersionEntry[]> {
    const limit = (Object.hasOwn(options, 'limit') ? options.limit : undefined) ?? 50;
    const before = (Object.hasOwn(options, 'before') ? options.before : undefined) ?? null;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_HISTORY) {
      throw new PolicyStoreError(
        'invalid_publish_options',
        `limit must be a whole number from 1 to ${MAX_HISTORY}`,
        {
          path: ['limit'],
        },
      );
    }
    if (before !== null && !Number.isSafeInteger(before)) {
      throw new PolicyStoreError('invalid_publish_options', 'before must be a version number', {
        path: ['before'],
      });
    }
    const rows = await this.#table.list(limit, before);
    return rows.map(entryOf);
  }

  async document(version: number): Promise<unknown> {
    return (await this.#stored(version, ['version'])).document;
  }

  async refresh(): Promise<PolicySnapshot | undefined> {
    await this.#follower.catchUp();
    return this.#follower.snapshot;
  }

  subscribe(listener: (event: PolicyStoreEvent) => void): () => void {
    return this.#follower.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#follower.close();
  }

  async #publish(
    document: unknown,
    options: PublishOptions,
    rollbackOf: number | null,
  ): Promise<PublishResult> {
    this.#refuseWhenClosed();
    const checked = publishOptionsOf(options);
    const after = this.#validate(document);
    const documentText = documentJson(JSON.parse(after.json), this.#settings.maxDocumentBytes);
    // Checked before the review: a stale base is answered at once, naming the version to review against.
    const latest = await this.#table.latestNumber();
    if (latest !== checked.baseVersion) throw new PolicyVersionConflictError(checked.baseVersion, latest);
    const base =
      checked.baseVersion === null ? undefined : await this.#stored(checked.baseVersion, ['baseVersion']);
    const before = base === undefined ? undefined : await this.#reviewed(base);
    const review = await reviewChange(before, after, this.#settings.review, this.#settings.proveNarrows);
    if (review.widens && !checked.allowWiden) throw new PolicyWidensError(review.findings, review.diff);
    const next: Omit<StoredVersion, 'publishedAt' | 'document'> = {
      version: (checked.baseVersion ?? 0) + 1,
      policyHash: after.policy.version,
      author: checked.author,
      comment: checked.comment,
      widened: review.widens,
      reason: checked.reason,
      rollbackOf,
    };
    const written = await this.#table.insert({ ...next, documentJson: documentText }, this.#settings.channel);
    if (written === undefined) {
      throw new PolicyVersionConflictError(checked.baseVersion, await this.#table.latestNumber());
    }
    this.#follower.adopt(
      { ...next, document: JSON.parse(documentText), publishedAt: written.publishedAt },
      after.policy,
    );
    const snapshot = snapshotOf({
      version: next.version,
      policy: after.policy,
      author: next.author,
      comment: next.comment,
      publishedAt: written.publishedAt.toISOString(),
    });
    return {
      snapshot: this.#follower.snapshot?.version === next.version ? this.#follower.snapshot : snapshot,
      review,
    };
  }

  /** Bounds the size, then validates (a `PolicyValidationError` with every issue); nothing is written on failure. */
  #validate(document: unknown): ReviewedVersion {
    refuseOversizedInput(document, this.#settings.maxDocumentBytes);
    // Validated as given first, so that issues carry the caller's paths; then in the form that is stored.
    const given = definePolicy(document as PolicyInput);
    return canonicalPolicy(policyIndexOf(given).input);
  }

  /** The version's policy: the served one when it is that version, else validated from the stored document. */
  async #reviewed(stored: StoredVersion): Promise<ReviewedVersion> {
    const served = this.#follower.snapshot;
    if (served?.version === stored.version) {
      return { policy: served.policy, json: canonicalJson(policyIndexOf(served.policy).input) };
    }
    return canonicalPolicy(stored.document);
  }

  async #stored(version: unknown, path: readonly string[]): Promise<StoredVersion> {
    const stored = Number.isSafeInteger(version) ? await this.#table.get(version as number) : undefined;
    if (stored === undefined) {
      throw new PolicyStoreError(
        'unknown_policy_version',
        `there is no policy version ${String(version)}; store.history() lists the versions`,
        { path: [...path] },
      );
    }
    return stored;
  }

  #refuseWhenClosed(): void {
    if (this.#closed) {
      throw new PolicyStoreError('policy_store_closed', 'the store is closed; create a new one to publish', {
        path: [],
      });
    }
  }
}

function entryOf(stored: StoredVersion): PolicyVersionEntry {
  return Object.freeze({
    version: stored.version,
    policyHash: stored.policyHash,
    author: stored.author,
    comment: stored.comment,
    widened: stored.widened,
    reason: stored.reason,
    rollbackOf: stored.rollbackOf,
    publishedAt: stored.publishedAt.toISOString(),
  });
}

/**
 * Opens the policy store on a PostgreSQL database (a `pg` Pool or Client, or PGlite): creates the versions
 * table on first use, reads the newest version and listens for new ones. Every process of a site opens one
 * store on the same database; a publish in one reaches the others through NOTIFY.
 *
 * @example
 * const store = await createPolicyStore(pool, { review: { principals: seedPeople, records: seedRecords } });
 * const { policy } = store.current();
 * await store.publish(nextDocument, { author: 'ops@example.com', comment: 'Close the old price list', baseVersion: 3 });
 */
export async function createPolicyStore(
  db: PolicyStoreDatabase,
  options?: PolicyStoreOptions,
): Promise<PolicyStore> {
  if (!isPolicyStoreDatabase(db)) {
    throw new PolicyStoreError(
      'invalid_store_options',
      'pass a database with query(text, values): a pg Pool or Client, or a PGlite instance',
      { path: ['db'] },
    );
  }
  const store = new PostgresPolicyStore(db, storeSettingsOf(options));
  await store.start();
  return store;
}
