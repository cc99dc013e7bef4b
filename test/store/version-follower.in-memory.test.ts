// The follower on a versions table in memory and a driver of the test's making: the order of versions,
// shared reads, subscribers, LISTEN and polling, without a database (test/store/version-follower.test.ts
// follows versions across processes on PGlite).
import { describe, expect, it, vi } from 'vitest';
import { AbilityCache, definePolicy } from '../../src/index.js';
import type { PolicyStoreDatabase, PolicyStoreEvent } from '../../src/store/index.js';
import { VersionFollower } from '../../src/store/version-follower.js';
import type { StoredVersion, VersionsTable } from '../../src/store/versions-table.js';
import { customerPortalInput, people } from '../fixtures/customer-portal.js';
import { narrowed } from './store-samples.js';

// The poll is an hour away unless a test says otherwise: only the test moves the follower.
const NEVER = 3_600_000;

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
      expect(vi.getTimerCount()).toBe(1);
      await follower.close();
      // A closed follower polls no more: its timer is gone.
      expect(vi.getTimerCount()).toBe(0);
      table.rows.push(storedAt(4, customerPortalInput));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(follower.snapshot?.version).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A driver with PGlite's `listen`: the test delivers notifications and sees each LISTEN and UNLISTEN. */
function listeningDriver(options: { refuse?: Error; until?: Promise<void> } = {}) {
  let listened: () => void = () => undefined;
  const driver = {
    listens: 0,
    unlistens: 0,
    /** Resolves when the first LISTEN has been asked for. */
    asked: new Promise<void>((resolve) => {
      listened = resolve;
    }),
    deliver: (_payload: string): void => undefined,
    query: async () => ({ rows: [] }),
    async listen(_channel: string, callback: (payload: string) => void) {
      driver.listens += 1;
      listened();
      await options.until;
      if (options.refuse !== undefined) throw options.refuse;
      driver.deliver = callback;
      return async () => {
        driver.unlistens += 1;
      };
    },
  };
  return driver;
}

/** A `pg` Client's shape: LISTEN through query, notifications and errors as events the test emits. */
function clientDriver() {
  const listeners = new Map<string, Set<(...args: never[]) => void>>();
  const driver = {
    sent: [] as string[],
    async query(text: string) {
      driver.sent.push(text);
      return { rows: [] };
    },
    on(event: string, listener: (...args: never[]) => void) {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(listener));
    },
    removeListener(event: string, listener: (...args: never[]) => void) {
      listeners.get(event)?.delete(listener);
    },
    emit(event: string, value: unknown) {
      for (const listener of listeners.get(event) ?? []) (listener as (value: unknown) => void)(value);
    },
  };
  return driver;
}

/** A follower on `db`; it polls every `pollIntervalMs` (tests that poll fake the interval timers). */
function followOn(db: PolicyStoreDatabase, table: ReturnType<typeof memoryTable>, pollIntervalMs = NEVER) {
  const follower = new VersionFollower({
    db,
    table: table as unknown as VersionsTable,
    channel: 'policy_memory',
    pollIntervalMs,
    abilityCache: undefined,
  });
  const events: PolicyStoreEvent[] = [];
  follower.subscribe((event) => events.push(event));
  return { follower, events };
}

const nextVersion = (follower: VersionFollower) =>
  new Promise<number>((resolve) => {
    const stop = follower.subscribe((event) => {
      if (event.type !== 'version') return;
      stop();
      resolve(event.snapshot.version);
    });
  });

describe('listening for new versions', () => {
  it('a follower closed while it starts never polls', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let up: () => void = () => undefined;
      const driver = listeningDriver({ until: new Promise<void>((resolve) => (up = resolve)) });
      const table = memoryTable([storedAt(1)]);
      const { follower } = followOn(driver, table, 1_000);
      const starting = follower.start();
      await driver.asked;
      await follower.close();
      up();
      await starting;
      expect(vi.getTimerCount()).toBe(0);
      table.rows.push(storedAt(2, narrowed));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(follower.snapshot?.version).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a notification makes the follower read the newest version; close unlistens', async () => {
    const driver = listeningDriver();
    const table = memoryTable([storedAt(1)]);
    const { follower } = followOn(driver, table);
    await follower.start();
    expect(follower.status).toMatchObject({ state: 'online', listening: true, version: 1 });
    const arrived = nextVersion(follower);
    table.rows.push(storedAt(2, narrowed));
    driver.deliver('2');
    expect(await arrived).toBe(2);
    await follower.close();
    expect(driver.unlistens).toBe(1);
    expect(follower.status.listening).toBe(false);
  });

  it('versions written before the LISTEN was up are read as soon as it is', async () => {
    let up: () => void = () => undefined;
    const driver = listeningDriver({ until: new Promise<void>((resolve) => (up = resolve)) });
    const table = memoryTable([storedAt(1)]);
    const { follower } = followOn(driver, table);
    const starting = follower.start();
    // Written between the first read and the LISTEN: no notification will tell of it.
    await driver.asked;
    table.rows.push(storedAt(2, narrowed));
    up();
    await starting;
    expect(follower.snapshot?.version).toBe(2);
    await follower.close();
  });

  it('a LISTEN refused leaves the follower offline and polling, and a poll listens again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const refusing = { refuse: new Error('too many connections') } as { refuse?: Error };
      const driver = listeningDriver(refusing);
      const { follower, events } = followOn(driver, memoryTable([storedAt(1)]), 1_000);
      await follower.start();
      expect(follower.status).toMatchObject({
        state: 'offline',
        listening: false,
        error: 'too many connections',
      });
      delete refusing.refuse;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.status).toMatchObject({ state: 'online', listening: true });
      expect(driver.listens).toBe(2);
      expect(events.map((event) => event.type)).toEqual(['version', 'offline', 'online']);
      // Listening already: the next polls do not subscribe again.
      await vi.advanceTimersByTimeAsync(3_000);
      expect(driver.listens).toBe(2);
      await follower.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lost listening connection says offline and not listening; the next poll listens again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const driver = clientDriver();
      const { follower, events } = followOn(driver, memoryTable([storedAt(1)]), 1_000);
      await follower.start();
      expect(follower.status.listening).toBe(true);
      driver.emit('error', new Error('terminating connection'));
      expect(follower.status).toMatchObject({
        state: 'offline',
        listening: false,
        error: 'terminating connection',
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.status).toMatchObject({ state: 'online', listening: true });
      expect(driver.sent).toEqual(['LISTEN "policy_memory"', 'LISTEN "policy_memory"']);
      expect(events.map((event) => event.type)).toEqual(['version', 'offline', 'online']);
      await follower.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a LISTEN that comes up after close is undone at once', async () => {
    let up: () => void = () => undefined;
    const driver = listeningDriver({ until: new Promise<void>((resolve) => (up = resolve)) });
    const { follower } = followOn(driver, memoryTable([storedAt(1)]));
    const starting = follower.start();
    await driver.asked;
    await follower.close();
    up();
    await starting;
    expect(driver.unlistens).toBe(1);
    expect(follower.status).toMatchObject({ state: 'closed', listening: false });
  });

  it('a poll while a LISTEN is still being set up does not ask for a second one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let up: () => void = () => undefined;
      const options: { refuse?: Error; until?: Promise<void> } = {
        refuse: new Error('too many connections'),
      };
      const driver = listeningDriver(options);
      const { follower } = followOn(driver, memoryTable([storedAt(1)]), 1_000);
      await follower.start();
      delete options.refuse;
      options.until = new Promise<void>((resolve) => (up = resolve));
      // The first poll asks again and waits on the LISTEN; the next two polls find it under way.
      await vi.advanceTimersByTimeAsync(3_000);
      expect(driver.listens).toBe(2);
      up();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(follower.status).toMatchObject({ state: 'online', listening: true });
      expect(driver.listens).toBe(2);
      await follower.close();
      expect(driver.unlistens).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a follower closed before its LISTEN was asked for never asks', async () => {
    const driver = listeningDriver();
    const table = memoryTable([storedAt(1)]);
    const { follower } = followOn(driver, table);
    table.hold = true;
    const held = table.nextHeld();
    const starting = follower.start();
    await held;
    await follower.close();
    table.pending.shift()!();
    await starting;
    expect(driver.listens).toBe(0);
  });
});

describe('a follower with no valid version yet', () => {
  it('polls without failing, serves nothing, stays online and does not validate the refused version again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const table = memoryTable([storedAt(1, { tables: 7 })]);
      const { follower, events } = followOn({ query: async () => ({ rows: [] }) }, table, 1_000);
      await follower.start();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(follower.snapshot).toBeUndefined();
      expect(follower.status).toMatchObject({ state: 'online', version: null });
      expect(table.reads).toBe(1);
      expect(events.map((event) => event.type)).toEqual(['invalid_version']);
      await follower.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says since when its state holds, as an ISO instant', async () => {
    const table = memoryTable([storedAt(1)]);
    const { follower } = follow(table);
    expect(follower.status.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    table.down = true;
    await expect(follower.catchUp()).rejects.toThrow();
    expect(follower.status.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    await follower.close();
    expect(follower.status.since).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
