import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbilityCache, abilityFor } from '../../src/index.js';
import { createPolicyStore, type PolicyStoreDatabase } from '../../src/store/index.js';
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
