import { describe, expect, it } from 'vitest';
import {
  isPolicyStoreDatabase,
  type PolicyStoreDatabase,
  type SubscriptionHandlers,
  subscribe,
} from '../../src/store/database.js';

type Listener = (...args: never[]) => void;

/** A connection in the shape of a `pg` Client: records its queries and who listens to what. */
function fakeClient(options: { failListen?: Error; failUnlisten?: boolean } = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const client = {
    queries: [] as string[],
    released: [] as unknown[],
    async query(text: string) {
      client.queries.push(text);
      if (options.failListen !== undefined && text.startsWith('LISTEN')) throw options.failListen;
      if (options.failUnlisten === true && text.startsWith('UNLISTEN')) throw new Error('connection gone');
      return { rows: [] };
    },
    on(event: string, listener: Listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return client;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return client;
    },
    emit(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? [])
        (listener as (...values: unknown[]) => void)(...args);
    },
    count: (event: string) => listeners.get(event)?.size ?? 0,
  };
  return client;
}

/** A `pg` Pool: `connect` checks a client out, `release` gives it back (with the error that broke it). */
function fakePool(client: ReturnType<typeof fakeClient>) {
  let checkedOut = 0;
  const pooled = Object.assign(client, {
    release(error?: unknown) {
      client.released.push(error);
    },
  });
  return {
    totalCount: 0,
    checkedOut: () => checkedOut,
    query: async () => ({ rows: [] }),
    async connect() {
      checkedOut += 1;
      return pooled;
    },
  };
}

function recorder() {
  const payloads: string[] = [];
  const lost: unknown[] = [];
  const handlers: SubscriptionHandlers = {
    onPayload: (payload) => payloads.push(payload),
    onLost: (error) => lost.push(error),
  };
  return { payloads, lost, handlers };
}

const asDatabase = (value: object) => value as unknown as PolicyStoreDatabase;

describe('what the store accepts as a database', () => {
  it('anything with a query function, own or inherited (a pg Pool keeps it on its prototype)', () => {
    class Pool {
      query() {
        return Promise.resolve({ rows: [] });
      }
    }
    expect(isPolicyStoreDatabase(new Pool())).toBe(true);
    expect(isPolicyStoreDatabase({ query: async () => ({ rows: [] }) })).toBe(true);
  });

  it('refuses null, primitives, objects without query, and a query that is not a function', () => {
    expect(isPolicyStoreDatabase(null)).toBe(false);
    expect(isPolicyStoreDatabase(undefined)).toBe(false);
    expect(isPolicyStoreDatabase('postgres://localhost')).toBe(false);
    expect(isPolicyStoreDatabase({})).toBe(false);
    expect(isPolicyStoreDatabase({ query: 'SELECT 1' })).toBe(false);
  });
});

describe('listening for new versions', () => {
  it("uses the driver's own listen when it has one (PGlite), and stop unlistens", async () => {
    const calls: string[] = [];
    let deliver: (payload: string) => void = () => undefined;
    const db = {
      query: async () => ({ rows: [] }),
      async listen(channel: string, callback: (payload: string) => void) {
        calls.push(`listen ${channel}`);
        deliver = callback;
        return async () => {
          calls.push(`unlisten ${channel}`);
        };
      },
    };
    const { payloads, handlers } = recorder();
    const subscription = await subscribe(db, 'policy_1', handlers);
    deliver('7');
    expect(payloads).toEqual(['7']);
    await subscription?.stop();
    expect(calls).toEqual(['listen policy_1', 'unlisten policy_1']);
  });

  it('checks one session client out of a pg Pool, listens on it, and passes on its channel only', async () => {
    const client = fakeClient();
    const pool = fakePool(client);
    const { payloads, handlers } = recorder();
    const subscription = await subscribe(asDatabase(pool), 'policy_1', handlers);
    expect(pool.checkedOut()).toBe(1);
    expect(client.queries).toEqual(['LISTEN "policy_1"']);
    client.emit('notification', { channel: 'other', payload: '9' });
    client.emit('notification', { channel: 'policy_1', payload: '3' });
    client.emit('notification', { channel: 'policy_1' });
    expect(payloads).toEqual(['3', '']);
    expect(subscription).toBeDefined();
  });

  it('stop unlistens, removes its listeners and gives the pooled client back unharmed', async () => {
    const client = fakeClient();
    const { handlers, lost } = recorder();
    const subscription = await subscribe(asDatabase(fakePool(client)), 'policy_1', handlers);
    await subscription?.stop();
    expect(client.queries).toEqual(['LISTEN "policy_1"', 'UNLISTEN "policy_1"']);
    expect(['notification', 'error', 'end'].map(client.count)).toEqual([0, 0, 0]);
    expect(client.released).toEqual([undefined]);
    // A second stop does nothing: the client went back once.
    await subscription?.stop();
    expect(client.queries).toHaveLength(2);
    expect(client.released).toHaveLength(1);
    expect(lost).toEqual([]);
  });

  it('stop still gives the client back when UNLISTEN fails on a connection already gone', async () => {
    const client = fakeClient({ failUnlisten: true });
    const subscription = await subscribe(asDatabase(fakePool(client)), 'policy_1', recorder().handlers);
    await subscription?.stop();
    expect(client.released).toEqual([undefined]);
    expect(client.count('notification')).toBe(0);
  });

  it('a connection error while stopping is no loss to report: the store asked to stop', async () => {
    const client = fakeClient();
    const { lost, handlers } = recorder();
    const subscription = await subscribe(asDatabase(fakePool(client)), 'policy_1', handlers);
    const query = client.query;
    client.query = async (text: string) => {
      client.emit('error', new Error('connection reset'));
      return query(text);
    };
    await subscription?.stop();
    expect(lost).toEqual([]);
    expect(client.released).toEqual([undefined]);
  });

  it('a lost connection is reported once, with its error, and the broken client goes back to be destroyed', async () => {
    const client = fakeClient();
    const { lost, handlers, payloads } = recorder();
    const subscription = await subscribe(asDatabase(fakePool(client)), 'policy_1', handlers);
    const broken = new Error('terminating connection');
    client.emit('error', broken);
    client.emit('end');
    expect(lost).toEqual([broken]);
    expect(client.released).toEqual([broken]);
    expect(['notification', 'error', 'end'].map(client.count)).toEqual([0, 0, 0]);
    client.emit('notification', { channel: 'policy_1', payload: '4' });
    expect(payloads).toEqual([]);
    // Stopping after the loss sends nothing on the dead connection.
    await subscription?.stop();
    expect(client.queries).toEqual(['LISTEN "policy_1"']);
  });

  it('a connection that ends without an error is reported lost with a reason', async () => {
    const client = fakeClient();
    const { lost, handlers } = recorder();
    await subscribe(asDatabase(fakePool(client)), 'policy_1', handlers);
    client.emit('end');
    expect(lost).toHaveLength(1);
    expect((lost[0] as Error).message).toBe('the listening connection ended');
    expect(client.released).toEqual([lost[0]]);
  });

  it('a LISTEN that fails throws, leaves no listener behind and gives the client back with the error', async () => {
    const refused = new Error('permission denied');
    const client = fakeClient({ failListen: refused });
    const { lost, handlers } = recorder();
    await expect(subscribe(asDatabase(fakePool(client)), 'policy_1', handlers)).rejects.toBe(refused);
    expect(['notification', 'error', 'end'].map(client.count)).toEqual([0, 0, 0]);
    expect(client.released).toEqual([refused]);
    expect(lost).toEqual([]);
  });

  it("listens on a client the host passed, never connects or releases it, and keeps the host's listeners", async () => {
    const client = fakeClient();
    let connects = 0;
    const hostListener = () => undefined;
    client.on('error', hostListener);
    // A pg Client has connect(); one the host checked out of a pool also has release(): the host's to call.
    const db = Object.assign(client, {
      async connect() {
        connects += 1;
      },
      release(error?: unknown) {
        client.released.push(error);
      },
    });
    const { payloads, handlers } = recorder();
    const subscription = await subscribe(asDatabase(db), 'policy_1', handlers);
    client.emit('notification', { channel: 'policy_1', payload: '2' });
    expect(payloads).toEqual(['2']);
    expect(connects).toBe(0);
    await subscription?.stop();
    expect(client.count('error')).toBe(1);
    expect(client.count('notification')).toBe(0);
    expect(client.released).toEqual([]);
  });

  it('a driver that can only query gives no subscription: the store then polls', async () => {
    const subscription = await subscribe(
      { query: async () => ({ rows: [] }) },
      'policy_1',
      recorder().handlers,
    );
    expect(subscription).toBeUndefined();
  });
});
