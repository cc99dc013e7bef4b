import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbilityCache, abilityFor, definePolicy } from '../../src/index.js';
import { createPolicyStore, type PolicyStoreDatabase, type PolicyStoreEvent } from '../../src/store/index.js';
import { VersionFollower } from '../../src/store/version-follower.js';
import type { StoredVersion, VersionsTable } from '../../src/store/versions-table.js';
import { customerPortalInput, order, people } from '../fixtures/customer-portal.js';
import { first, freshNames, narrowed, nextEvent, seedReview, storeDatabase } from './store-fixture.js';

const { db, open } = storeDatabase();
beforeAll(() => db.waitReady, 120_000);
afterAll(() => db.close());

// Only a notification can tell a store of a new version within the test: the poll is an hour away.
const NEVER = 3_600_000;

/** Two stores on one table, as two server processes would hold them; the writer has published version 1. */
async function twoProcesses(reader: PolicyStoreDatabase = db, pollIntervalMs = NEVER) {
  const names = freshNames();
  const writer = await createPolicyStore(db, { ...names, review: seedReview, pollIntervalMs: NEVER });
  await writer.publish(customerPortalInput, first);
  const follower = await createPolicyStore(reader, { ...names, review: seedReview, pollIntervalMs });
  return { writer, follower, names };
}

const narrowing = {
  author: 'ops@example.com',
  comment: 'representatives lose company orders',
  baseVersion: 1,
};

/** A database that can be taken away: while down every query fails and notifications are lost. */
function flaky(pglite: PGlite) {
  let down = false;
  return {
    setDown(value: boolean) {
      down = value;
    },
    query: (text: string, values?: unknown[]) =>
      down ? Promise.reject(new Error('connection refused')) : pglite.query(text, values),
    listen: (channel: string, callback: (payload: string) => void) =>
      pglite.listen(channel, (payload) => {
        if (!down) callback(payload);
      }),
  };
}

describe('every process follows the published version', () => {
  it('a publish in one process reaches another through NOTIFY, without waiting for a poll', async () => {
    const { writer, follower } = await twoProcesses();
    expect(follower.current().version).toBe(1);
    const arrived = nextEvent(follower, 'version');
    await writer.publish(narrowed, narrowing);
    expect((await arrived).snapshot.version).toBe(2);
    expect(follower.current().version).toBe(2);
    expect(follower.status()).toMatchObject({ state: 'online', listening: true, version: 2 });
    await writer.close();
    await follower.close();
  });

  it('a request keeps the version it started with while a new one arrives', async () => {
    const { writer, follower } = await twoProcesses();
    const request = follower.current();
    const arrived = nextEvent(follower, 'version');
    await writer.publish(narrowed, narrowing);
    await arrived;
    // The representative still reads Jane's order under the snapshot the request took, and no longer after.
    expect(request.version).toBe(1);
    expect(abilityFor(request.policy, people.rep).can('read', order('janes'))).toBe(true);
    expect(abilityFor(follower.current().policy, people.rep).can('read', order('janes'))).toBe(false);
    expect(Object.isFrozen(request)).toBe(true);
    expect(Object.isFrozen(request.policy)).toBe(true);
    await writer.close();
    await follower.close();
  });

  it('a refused publish changes nothing in any process', async () => {
    const { writer, follower } = await twoProcesses();
    await expect(writer.publish({ tables: { x: { bogus: 1 } } }, narrowing)).rejects.toThrow();
    const latest = await follower.refresh();
    expect(latest?.version).toBe(1);
    expect(writer.current().version).toBe(1);
    await writer.close();
    await follower.close();
  });

  it('a stored version this process cannot validate is reported, and the last valid version stays served', async () => {
    const { writer, follower, names } = await twoProcesses();
    const reported = nextEvent(follower, 'invalid_version');
    await db.query(
      `INSERT INTO ${names.table} (version, document, policy_hash, author, comment, widened) VALUES (2, '{"tables": 7}', 'x', 'mallory', 'bad row', false)`,
    );
    await db.query(`SELECT pg_notify('${names.channel}', '2')`);
    expect((await reported).version).toBe(2);
    expect(follower.current().version).toBe(1);
    expect(follower.status().error).toContain('version 2');
    await writer.close();
    await follower.close();
  });
});

describe('abilities of older versions', () => {
  it('an AbilityCache keyed by the policy object never answers for an older version', async () => {
    const { writer, follower } = await twoProcesses();
    const cache = new AbilityCache({ max: 3 });
    const old = follower.current().policy;
    const before = cache.abilityFor(old, people.rep);
    expect(before.can('read', order('janes'))).toBe(true);
    const arrived = nextEvent(follower, 'version');
    await writer.publish(narrowed, narrowing);
    await arrived;
    const after = cache.abilityFor(follower.current().policy, people.rep);
    expect(after).not.toBe(before);
    expect(after.can('read', order('janes'))).toBe(false);
    // The new version's abilities push the old ones out: asking the old policy again compiles anew.
    cache.abilityFor(follower.current().policy, people.jane);
    cache.abilityFor(follower.current().policy, people.sam);
    cache.abilityFor(follower.current().policy, people.may);
    expect(cache.size).toBe(3);
    expect(cache.abilityFor(old, people.rep)).not.toBe(before);
    await writer.close();
    await follower.close();
  });

  it('a cache handed to the store is emptied when the store switches version', async () => {
    const cache = new AbilityCache();
    const names = freshNames();
    const writer = await open({ ...names, pollIntervalMs: NEVER });
    await writer.publish(customerPortalInput, first);
    const follower = await open({ ...names, pollIntervalMs: NEVER, abilityCache: cache });
    cache.abilityFor(follower.current().policy, people.rep);
    expect(cache.size).toBe(1);
    const arrived = nextEvent(follower, 'version');
    await writer.publish(narrowed, narrowing);
    await arrived;
    expect(cache.size).toBe(0);
    await writer.close();
    await follower.close();
  });
});

describe('when the database goes away', () => {
  it('the store keeps serving its last version, says it is offline, and catches up on reconnect', async () => {
    const database = flaky(db);
    const { writer, follower } = await twoProcesses(database, 20);
    const offline = nextEvent(follower, 'offline');
    database.setDown(true);
    await offline;
    expect(follower.status()).toMatchObject({ state: 'offline', version: 1 });
    expect(follower.status().error).toContain('connection refused');
    // Published while this process cannot hear it.
    await writer.publish(narrowed, narrowing);
    expect(follower.current().version).toBe(1);
    const online = nextEvent(follower, 'online');
    const caughtUp = nextEvent(follower, 'version');
    database.setDown(false);
    await online;
    expect((await caughtUp).snapshot.version).toBe(2);
    expect(follower.status()).toMatchObject({ state: 'online', version: 2 });
    expect(follower.status().error).toBeUndefined();
    await writer.close();
    await follower.close();
  });

  it('a closed store still answers with its last version and refuses to publish', async () => {
    const { writer, follower } = await twoProcesses();
    await follower.close();
    expect(follower.current().version).toBe(1);
    expect(follower.status().state).toBe('closed');
    await expect(follower.publish(narrowed, narrowing)).rejects.toMatchObject({
      code: 'policy_store_closed',
    });
    await writer.close();
  });
});

/** A versions table in memory: `rows` is what the database holds; `down` makes every read fail. */
function memoryTable(rows: StoredVersion[] = []) {
  const table = {
    rows,
    down: false,
    reads: 0,
    pending: [] as (() => void)[],
    // When set, each read waits until the test releases it (to hold a read open).
    hold: false,
    held: (): void => undefined,
    /** Resolves when the next held read starts. */
    nextHeld: () =>
      new Promise<void>((resolve) => {
        table.held = resolve;
      }),
    async latest() {
      table.reads += 1;
      if (table.hold) {
        await new Promise<void>((release) => {
          table.pending.push(release);
          table.held();
        });
      }
      if (table.down) throw new Error('connection refused');
      return table.rows.at(-1);
    },
    async latestNumber() {
      if (table.down) throw new Error('connection refused');
      return table.rows.at(-1)?.version ?? null;
    },
  };
  return table;
}

const storedAt = (version: number, document: unknown = customerPortalInput): StoredVersion => ({
  version,
  document,
  policyHash: `hash-${version}`,
  author: 'ops@example.com',
  comment: `version ${version}`,
  widened: false,
  reason: null,
  rollbackOf: null,
  publishedAt: new Date('2026-12-07T04:00:00.000Z'),
});

/** A follower on a table in memory and a driver without LISTEN (it learns of versions by polling only). */
function follow(table: ReturnType<typeof memoryTable>, abilityCache?: AbilityCache) {
  const follower = new VersionFollower({
    db: { query: async () => ({ rows: [] }) },
    table: table as unknown as VersionsTable,
    channel: 'policy_memory',
    pollIntervalMs: NEVER,
    abilityCache,
  });
  const events: PolicyStoreEvent[] = [];
  follower.subscribe((event) => events.push(event));
  return { follower, events };
}

describe('a follower only moves forward, to versions it validated', () => {
  it('never applies an older version or the same version again', async () => {
    const table = memoryTable([storedAt(1), storedAt(2, narrowed)]);
    const cache = new AbilityCache();
    const { follower, events } = follow(table, cache);
    await follower.start();
    expect(follower.snapshot?.version).toBe(2);
    const served = follower.snapshot;
    cache.abilityFor(served!.policy, people.rep);
    follower.adopt(storedAt(1));
    follower.adopt(storedAt(2));
    expect(follower.snapshot).toBe(served);
    expect(events.filter((event) => event.type === 'version')).toHaveLength(1);
    expect(cache.size).toBe(1);
    await follower.close();
  });

  it('a tampered version is refused once, not validated again, and a later valid one is served', async () => {
    const table = memoryTable([storedAt(1)]);
    const { follower, events } = follow(table);
    await follower.start();
    follower.adopt(storedAt(2, { tables: 7 }));
    follower.adopt(storedAt(2, { tables: 7 }));
    expect(events.filter((event) => event.type === 'invalid_version')).toEqual([
      { type: 'invalid_version', version: 2, error: expect.any(Error) },
    ]);
    expect(follower.snapshot?.version).toBe(1);
    expect(follower.status).toMatchObject({ version: 1, error: expect.stringMatching(/^version 2: /) });
    follower.adopt(storedAt(3, narrowed));
    expect(follower.snapshot).toMatchObject({ version: 3, author: 'ops@example.com', comment: 'version 3' });
    expect(follower.snapshot?.publishedAt).toBe('2026-12-07T04:00:00.000Z');
    expect(follower.status.version).toBe(3);
    await follower.close();
  });

  it('a policy this process already validated is served as is, not validated again', async () => {
    const { follower } = follow(memoryTable());
    await follower.start();
    const validated = definePolicy(customerPortalInput);
    // The stored document does not even validate: the publishing process's own policy is what it serves.
    follower.adopt(storedAt(1, { tables: 7 }), validated);
    expect(follower.snapshot?.policy).toBe(validated);
    await follower.close();
  });
});

describe('a follower reads the newest version once per change', () => {
  it('calls made during a running read share it and cause exactly one more read after it', async () => {
    const table = memoryTable([storedAt(1)]);
    const { follower } = follow(table);
    table.hold = true;
    const reading = follower.catchUp();
    expect(follower.catchUp()).toBe(reading);
    expect(follower.catchUp()).toBe(reading);
    table.rows.push(storedAt(2, narrowed));
    // The second read starts once the first has returned.
    const second = table.nextHeld();
    table.pending.shift()!();
    await second;
    expect(table.reads).toBe(2);
    table.pending.shift()!();
    await reading;
    expect(table.reads).toBe(2);
    expect(follower.snapshot?.version).toBe(2);
    table.hold = false;
    // A call after the read has finished reads again.
    await follower.catchUp();
    expect(table.reads).toBe(3);
    await follower.close();
  });

  it('a failed read says offline once, keeps the version, and rethrows; the next success says online', async () => {
    const table = memoryTable([storedAt(1)]);
    const { follower, events } = follow(table);
    await follower.start();
    table.down = true;
    await expect(follower.catchUp()).rejects.toThrow('connection refused');
    const since = follower.status.since;
    await expect(follower.catchUp()).rejects.toThrow('connection refused');
    expect(follower.status).toMatchObject({
      state: 'offline',
      version: 1,
      error: 'connection refused',
      since,
    });
    expect(events.map((event) => event.type)).toEqual(['version', 'offline']);
    table.down = false;
    await follower.catchUp();
    expect(events.map((event) => event.type)).toEqual(['version', 'offline', 'online']);
    expect(follower.status.state).toBe('online');
    expect(follower.status).not.toHaveProperty('error');
    await follower.close();
  });
});

describe('what a follower tells its subscribers', () => {
  it('a subscriber that throws stops neither the store nor the other subscribers', async () => {
    const { follower, events } = follow(memoryTable([storedAt(1)]));
    follower.subscribe(() => {
      throw new Error('a broken subscriber');
    });
    const later: PolicyStoreEvent[] = [];
    follower.subscribe((event) => later.push(event));
    await follower.start();
    expect(events).toHaveLength(1);
    expect(later).toHaveLength(1);
    expect(follower.snapshot?.version).toBe(1);
    await follower.close();
  });

  it('an unsubscribed listener hears nothing more, and close drops every listener', async () => {
    const table = memoryTable([storedAt(1)]);
    const { follower, events } = follow(table);
    const heard: PolicyStoreEvent[] = [];
    const stop = follower.subscribe((event) => heard.push(event));
    await follower.start();
    stop();
    follower.adopt(storedAt(2, narrowed));
    expect(heard).toHaveLength(1);
    expect(events).toHaveLength(2);
    await follower.close();
    expect(follower.status).toMatchObject({ state: 'closed', listening: false, version: 2 });
    // A closed follower serves its last version and takes no other.
    follower.adopt(storedAt(3, narrowed));
    table.down = true;
    await expect(follower.catchUp()).rejects.toThrow();
    expect(follower.snapshot?.version).toBe(2);
    expect(follower.status.state).toBe('closed');
    expect(events).toHaveLength(2);
  });
});

describe('polling, when nothing notifies', () => {
  it('a poll reads a newer version, skips one it refused, and reports the database lost and back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const table = memoryTable([storedAt(1)]);
      const follower = new VersionFollower({
        db: { query: async () => ({ rows: [] }) },
        table: table as unknown as VersionsTable,
        channel: 'policy_memory',
        pollIntervalMs: 1_000,
        abilityCache: undefined,
      });
      const events: PolicyStoreEvent[] = [];
      follower.subscribe((event) => events.push(event));
      await follower.start();
      const readsAtStart = table.reads;
      // Nothing new: the poll asks for the newest number only.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(table.reads).toBe(readsAtStart);
      table.rows.push(storedAt(2, { tables: 7 }));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(table.reads).toBe(readsAtStart + 1);
      // The refused version is not read again at every poll.
      await vi.advanceTimersByTimeAsync(3_000);
      expect(table.reads).toBe(readsAtStart + 1);
      table.rows.push(storedAt(3, narrowed));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.snapshot?.version).toBe(3);
      table.down = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.status.state).toBe('offline');
      table.down = false;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.status.state).toBe('online');
      expect(events.map((event) => event.type)).toEqual([
        'version',
        'invalid_version',
        'version',
        'offline',
        'online',
      ]);
      await follower.close();
      // A closed follower polls no more.
      table.rows.push(storedAt(4, customerPortalInput));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(follower.snapshot?.version).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
