/**
 * The customer portal as `npm run load` drives it: PGlite (in memory, or in PGLITE_DATA_DIR), on a free
 * port, in its own process so that the load generator's work is not measured as the portal's (and so that a
 * test can kill it). Talks to its parent over IPC.
 */
import { buildApp } from '../examples/customer-portal/app.js';

/** What the portal tells the load generator. */
export type PortalMessage =
  | { readonly kind: 'listening'; readonly address: string }
  | { readonly kind: 'heap'; readonly heapUsed: number };

const send = (message: PortalMessage): void => void process.send?.(message);

const app = await buildApp({ dataDir: process.env.PGLITE_DATA_DIR || undefined });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
send({ kind: 'listening', address });

process.on('message', (message) => {
  if (message === 'heap') {
    // Collect first, so the number is what the portal keeps, not what it has yet to free.
    globalThis.gc?.();
    send({ kind: 'heap', heapUsed: process.memoryUsage().heapUsed });
  } else if (message === 'close') {
    void app.close().then(() => process.exit(0));
  }
});
