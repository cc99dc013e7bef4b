import type { AbilityCache } from '../ability/ability-cache.js';
import { canonicalPolicy } from './canonical-json.js';
import { type PolicyStoreDatabase, type Subscription, subscribe } from './database.js';
import {
  type PolicySnapshot,
  type PolicyStoreEvent,
  type PolicyStoreStatus,
  snapshotOf,
} from './snapshot.js';
import type { StoredVersion, VersionsTable } from './versions-table.js';

/** What the follower is given by the store. */
export interface FollowerSettings {
  readonly db: PolicyStoreDatabase;
  readonly table: VersionsTable;
  readonly channel: string;
  readonly pollIntervalMs: number;
  readonly abilityCache: AbilityCache | undefined;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps one process on the newest version: a notification or a poll makes it read the newest row, which
 * is validated once and becomes the served snapshot (versions only move forward). When the database fails,
 * the last snapshot stays served and the status says offline; the next successful poll listens again and
 * catches up.
 */
export class VersionFollower {
  readonly #settings: FollowerSettings;
  readonly #listeners = new Set<(event: PolicyStoreEvent) => void>();
  #snapshot: PolicySnapshot | undefined;
  #status: PolicyStoreStatus = { state: 'online', listening: false, version: null, since: now() };
  #subscription: Subscription | undefined;
  #subscribing = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #catchingUp: Promise<void> | undefined;
  #again = false;
  // A version this process could not validate is not validated again at every poll.
  #rejected: number | undefined;

  constructor(settings: FollowerSettings) {
    this.#settings = settings;
  }

  get snapshot(): PolicySnapshot | undefined {
    return this.#snapshot;
  }

  get status(): PolicyStoreStatus {
    return this.#status;
  }

  /** Reads the newest version, listens, and polls every `pollIntervalMs`. */
  async start(): Promise<void> {
    await this.catchUp();
    await this.#listen();
    // Closed while starting: no timer may outlive `close`, which already ran.
    if (this.#isClosed()) return;
    this.#timer = setInterval(() => void this.#poll(), this.#settings.pollIntervalMs);
    // The store never keeps a process alive on its own.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: PolicyStoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads the newest row and serves it if it is newer; concurrent calls share one read, and a call made
   * during a read causes one more read after it (a notification must never be lost in a running read).
   */
  catchUp(): Promise<void> {
    if (this.#catchingUp !== undefined) {
      this.#again = true;
      return this.#catchingUp;
    }
    this.#catchingUp = (async () => {
      try {
        do {
          this.#again = false;
          const stored = await this.#settings.table.latest();
          this.#online();
          if (stored !== undefined) this.adopt(stored);
        } while (this.#again);
      } catch (error) {
        this.#offline(error);
        throw error;
      } finally {
        this.#catchingUp = undefined;
      }
    })();
    return this.#catchingUp;
  }

  /** Serves `stored` if it is newer than the served version and valid here; a validated policy is reused. */
  adopt(stored: StoredVersion, validated?: PolicySnapshot['policy']): void {
    if (this.#isClosed()) return;
    const served = this.#snapshot?.version ?? 0;
    if (stored.version <= served || stored.version === this.#rejected) return;
    let policy = validated;
    if (policy === undefined) {
      try {
        policy = canonicalPolicy(stored.document).policy;
      } catch (error) {
        // Fail safe, not open: the last valid version stays served and the failure is reported.
        this.#rejected = stored.version;
        this.#status = { ...this.#status, error: `version ${stored.version}: ${messageOf(error)}` };
        this.#emit({ type: 'invalid_version', version: stored.version, error });
        return;
      }
    }
    const snapshot = snapshotOf({
      version: stored.version,
      policy,
      author: stored.author,
      comment: stored.comment,
      publishedAt: stored.publishedAt.toISOString(),
    });
    this.#snapshot = snapshot;
    this.#status = { ...this.#status, version: snapshot.version };
    // Abilities of older versions are never asked for again: drop them rather than wait for eviction.
    this.#settings.abilityCache?.clear();
    this.#emit({ type: 'version', snapshot });
  }

  /** Stops polling and listening; the last snapshot stays readable. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#status = { ...this.#status, state: 'closed', listening: false, since: now() };
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.stop();
    this.#listeners.clear();
  }

  async #poll(): Promise<void> {
    if (this.#isClosed()) return;
    try {
      const latest = await this.#settings.table.latestNumber();
      this.#online();
      if (this.#subscription === undefined) await this.#listen();
      if (latest !== null && latest > (this.#snapshot?.version ?? 0) && latest !== this.#rejected) {
        await this.catchUp();
      }
    } catch (error) {
      this.#offline(error);
    }
  }

  async #listen(): Promise<void> {
    if (this.#subscribing || this.#isClosed()) return;
    this.#subscribing = true;
    try {
      const subscription = await subscribe(this.#settings.db, this.#settings.channel, {
        onPayload: () => void this.catchUp().catch(() => undefined),
        onLost: (error) => {
          this.#subscription = undefined;
          this.#status = { ...this.#status, listening: false };
          this.#offline(error);
        },
      });
      if (subscription === undefined) return;
      if (this.#isClosed()) {
        await subscription.stop();
        return;
      }
      this.#subscription = subscription;
      this.#status = { ...this.#status, listening: true };
      // Versions written while nobody listened arrive now, not at the next poll.
      await this.catchUp();
    } catch (error) {
      this.#offline(error);
    } finally {
      this.#subscribing = false;
    }
  }

  #isClosed(): boolean {
    return this.#status.state === 'closed';
  }

  #online(): void {
    if (this.#status.state !== 'offline') return;
    const { error: _, ...rest } = this.#status;
    this.#status = { ...rest, state: 'online', since: now() };
    this.#emit({ type: 'online' });
  }

  #offline(error: unknown): void {
    if (this.#isClosed()) return;
    const wasOffline = this.#status.state === 'offline';
    this.#status = {
      ...this.#status,
      state: 'offline',
      error: messageOf(error),
      since: wasOffline ? this.#status.since : now(),
    };
    if (!wasOffline) this.#emit({ type: 'offline', error });
  }

  #emit(event: PolicyStoreEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure must not stop the store from serving or from telling the others.
      }
    }
  }
}

const now = (): string => new Date().toISOString();
