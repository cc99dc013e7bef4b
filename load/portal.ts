/**
 * The customer portal as `npm run load` drives it: PGlite (in memory, or in PGLITE_DATA_DIR), on a free
 * port, in its own process so that the load generator's work is not measured as the portal's (and so that a
 * test can kill it). Talks to its parent over IPC; it also answers which orders are stored, so the driver
 * judges a placed order by the row the database holds, not by the fields it sent.
 */
import { buildApp } from '../examples/customer-portal/app.js';
import { openDatabase } from '../examples/customer-portal/db/database.js';

/** A stored order as the driver checks it. */
export interface StoredOrder {
  readonly id: string;
  readonly customerAccount: string | null;
  readonly company: string | null;
  readonly orderedBy: string | null;
}

/** What the portal tells the load generator. */
export type PortalMessage =
  | { readonly kind: 'listening'; readonly address: string }
  | { readonly kind: 'heap'; readonly heapUsed: number }
  | { readonly kind: 'orders'; readonly orders: readonly StoredOrder[] };

/** What the load generator asks of the portal. */
export type DriverMessage = 'heap' | 'close' | { readonly kind: 'orders'; readonly ids: readonly string[] };

const send = (message: PortalMessage): void => void process.send?.(message);

const db = await openDatabase({ dataDir: process.env.PGLITE_DATA_DIR || undefined });
const app = await buildApp({ db });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
send({ kind: 'listening', address });

async function storedOrders(ids: readonly string[]): Promise<StoredOrder[]> {
  const { rows } = await db.query<{
    id: string;
    customer_account: string | null;
    company: string | null;
    ordered_by: string | null;
  }>('SELECT id, customer_account, company, ordered_by FROM sales_order WHERE id = ANY($1::text[])', [ids]);
  return rows.map((row) => ({
    id: row.id,
    customerAccount: row.customer_account,
    company: row.company,
    orderedBy: row.ordered_by,
  }));
}

process.on('message', (message: DriverMessage) => {
  if (message === 'heap') {
    // Collect first, so the number is what the portal keeps, not what it has yet to free.
    globalThis.gc?.();
    send({ kind: 'heap', heapUsed: process.memoryUsage().heapUsed });
  } else if (message === 'close') {
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  } else if (typeof message === 'object' && message.kind === 'orders') {
    void storedOrders(message.ids).then((orders) => send({ kind: 'orders', orders }));
  }
});
