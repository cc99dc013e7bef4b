/** What the store needs from a query: the rows it returns. */
export interface QueryResultOf {
  readonly rows: readonly unknown[];
}

/**
 * The driver the store runs on: anything with `query(text, values)`, as a `pg` Pool or Client and PGlite have.
 * Notifications come from `listen(channel, onPayload)` when the driver has it (PGlite), else from a session
 * connection: `connect()` of a `pg` Pool (one client is checked out and kept), or the `pg` Client itself.
 */
export interface PolicyStoreDatabase {
  query(text: string, values?: unknown[]): Promise<QueryResultOf>;
}

/** A connection that delivers notifications, in the shape of a `pg` Client. */
interface NotifyingClient {
  query(text: string, values?: unknown[]): Promise<QueryResultOf>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (error?: unknown) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  release?(error?: unknown): void;
}

/** An active LISTEN; `stop` unlistens and gives its connection back. */
export interface Subscription {
  stop(): Promise<void>;
}

/** Called when a notification arrives, or when the connection that listens is lost. */
export interface SubscriptionHandlers {
  readonly onPayload: (payload: string) => void;
  readonly onLost: (error: unknown) => void;
}

type ListenFunction = (channel: string, callback: (payload: string) => void) => Promise<() => Promise<void>>;

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

// Methods are read once, from the driver object; a pg Pool has `connect` and `totalCount`, a pg Client `on`.
function methodOf(db: object, name: string): ((...args: never[]) => unknown) | undefined {
  const method = (db as Record<string, unknown>)[name];
  return isFunction(method) ? method : undefined;
}

/** True when the driver can query; the store refuses anything else at creation. */
export function isPolicyStoreDatabase(value: unknown): value is PolicyStoreDatabase {
  return typeof value === 'object' && value !== null && methodOf(value, 'query') !== undefined;
}

/** The quoted identifier of a channel; channels are checked against the identifier pattern before. */
const quoted = (channel: string): string => `"${channel}"`;

async function listenOnClient(
  client: NotifyingClient,
  channel: string,
  handlers: SubscriptionHandlers,
  owned: boolean,
): Promise<Subscription> {
  let done = false;
  const notify = (message: { channel: string; payload?: string }): void => {
    if (message.channel === channel) handlers.onPayload(message.payload ?? '');
  };
  // Ends the subscription once, removing only the store's own listeners (a host's Client keeps its own); a
  // pooled client goes back to its pool, which destroys it when it failed.
  const finish = (error?: unknown): void => {
    done = true;
    client.removeListener('notification', notify);
    client.removeListener('error', lose);
    client.removeListener('end', lose);
    if (owned) client.release?.(error);
  };
  function lose(error: unknown): void {
    if (done) return;
    const reason = error ?? new Error('the listening connection ended');
    finish(reason);
    handlers.onLost(reason);
  }
  client.on('notification', notify);
  client.on('error', lose);
  client.on('end', lose);
  try {
    await client.query(`LISTEN ${quoted(channel)}`);
  } catch (error) {
    finish(error);
    throw error;
  }
  return {
    async stop() {
      if (done) return;
      done = true;
      try {
        await client.query(`UNLISTEN ${quoted(channel)}`);
      } catch {
        // A connection already gone has no LISTEN left to undo.
      }
      finish();
    },
  };
}

/**
 * Starts listening on `channel` with what the driver offers: PGlite's `listen`, a session client checked out
 * of a `pg` Pool (LISTEN belongs to one session, so a pooled query cannot hold it), or a `pg` Client.
 * `undefined` when the driver offers none of them: the store then learns of new versions by polling only.
 */
export async function subscribe(
  db: PolicyStoreDatabase,
  channel: string,
  handlers: SubscriptionHandlers,
): Promise<Subscription | undefined> {
  const listen = methodOf(db, 'listen') as ListenFunction | undefined;
  if (listen !== undefined) {
    const unlisten = await listen.call(db, channel, (payload) => handlers.onPayload(payload));
    return { stop: () => unlisten() };
  }
  const connect = methodOf(db, 'connect') as (() => Promise<NotifyingClient>) | undefined;
  if (connect !== undefined && 'totalCount' in db) {
    return listenOnClient(await connect.call(db), channel, handlers, true);
  }
  if (methodOf(db, 'on') !== undefined) {
    return listenOnClient(db as unknown as NotifyingClient, channel, handlers, false);
  }
  return undefined;
}
