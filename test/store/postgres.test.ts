import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilityFor } from '../../src/index.js';
import {
  createPolicyStore,
  type PolicyStoreDatabase,
  PolicyVersionConflictError,
} from '../../src/store/index.js';
import { customerPortalInput, order, people } from '../fixtures/customer-portal.js';
import { freshPglite } from '../fixtures/pglite.js';
import { first, narrowed, nextEvent, seedReview } from './store-fixture.js';

// PORTAL_TEST_DATABASE_URL (CI) runs these on a PostgreSQL server through two separate `pg` pools, as two
// processes would hold them; without it, on one PGlite database. Names are unique per run.
const url = process.env.PORTAL_TEST_DATABASE_URL;
const run = randomUUID().slice(0, 8);
const NEVER = 3_600_000;

let one: PolicyStoreDatabase;
let two: PolicyStoreDatabase;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (url === undefined || url === '') {
    const pglite = freshPglite();
    await pglite.waitReady;
    one = pglite;
    two = pglite;
    closers.push(() => pglite.close());
    return;
  }
  const first = new pg.Pool({ connectionString: url, application_name: `store-one-${run}` });
  const second = new pg.Pool({ connectionString: url, application_name: `store-two-${run}` });
  one = first;
  two = second;
  closers.push(
    () => first.end(),
    () => second.end(),
  );
}, 120_000);

afterAll(async () => {
  for (const close of closers) await close();
});

let tables = 0;
function names() {
  tables += 1;
  return { table: `store_test_${run}_${tables}`, channel: `store_test_${run}_${tables}` };
}

const narrowing = {
  author: 'ops@example.com',
  comment: 'representatives lose company orders',
  baseVersion: 1,
};

describe(`the store on ${url ? 'PostgreSQL, two pg pools' : 'PGlite'}`, () => {
  it('a publish through one connection reaches the store on the other through NOTIFY', async () => {
    const shared = names();
    const writer = await createPolicyStore(one, { ...shared, review: seedReview, pollIntervalMs: NEVER });
    await writer.publish(customerPortalInput, first);
    const reader = await createPolicyStore(two, { ...shared, review: seedReview, pollIntervalMs: NEVER });
    expect(reader.current().version).toBe(1);
    const arrived = nextEvent(reader, 'version');
    await writer.publish(narrowed, narrowing);
    expect((await arrived).snapshot.version).toBe(2);
    expect(abilityFor(reader.current().policy, people.rep).can('read', order('janes'))).toBe(false);
    await writer.close();
    await reader.close();
  });

  it('two stores publishing from one base: the database lets exactly one win', async () => {
    const shared = names();
    const a = await createPolicyStore(one, { ...shared, review: seedReview, pollIntervalMs: NEVER });
    await a.publish(customerPortalInput, first);
    const b = await createPolicyStore(two, { ...shared, review: seedReview, pollIntervalMs: NEVER });
    const results = await Promise.allSettled([
      a.publish(narrowed, narrowing),
      b.publish(narrowed, narrowing),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
    const conflict = refused[0]?.reason as PolicyVersionConflictError;
    expect(conflict).toBeInstanceOf(PolicyVersionConflictError);
    expect(conflict.currentVersion).toBe(2);
    expect((await a.history()).map((entry) => entry.version)).toEqual([2, 1]);
    await a.close();
    await b.close();
  });

  it('two stores creating the versions table at once both start', async () => {
    const shared = names();
    const stores = await Promise.all([createPolicyStore(one, shared), createPolicyStore(two, shared)]);
    expect(stores.map((store) => store.status().state)).toEqual(['online', 'online']);
    await Promise.all(stores.map((store) => store.close()));
  });

  if (url) {
    it('a listening session the server ends: offline, then listening again and caught up', async () => {
      const shared = names();
      const writer = await createPolicyStore(one, { ...shared, review: seedReview, pollIntervalMs: NEVER });
      await writer.publish(customerPortalInput, first);
      const reader = await createPolicyStore(two, { ...shared, review: seedReview, pollIntervalMs: 50 });
      expect(reader.status().listening).toBe(true);
      const offline = nextEvent(reader, 'offline');
      await (one as pg.Pool).query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
        [`store-two-${run}`],
      );
      await offline;
      const caughtUp = nextEvent(reader, 'version');
      await writer.publish(narrowed, narrowing);
      expect((await caughtUp).snapshot.version).toBe(2);
      expect(reader.status()).toMatchObject({ state: 'online', listening: true, version: 2 });
      await writer.close();
      await reader.close();
    });
  }
});
