import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/customer-portal/app.js';
import type { Database } from '../../examples/customer-portal/db/database.js';
import { pgliteDatabase } from '../../examples/customer-portal/db/pglite.js';
import type { PortalMessage } from '../../load/portal.js';
import { freshPglite } from '../fixtures/pglite.js';

// A guard against a hang, not a speed limit: under a shared machine's load these take minutes.
const SLOW = { timeout: 300_000 };
const CONTACT_LOOKUP = /FROM contact WHERE id = \$1/;

/**
 * The portal's own PGlite adapter, closed by the first statement of the request after the sign-in lookup:
 * the database goes away while the route is running, as when the server is shut down under a request.
 */
async function databaseThatGoesAway(): Promise<{ db: Database; trip: () => void }> {
  const real = await pgliteDatabase(freshPglite());
  let armed = false;
  const db: Database = {
    kind: real.kind,
    close: () => real.close(),
    transaction: (work) => real.transaction(work),
    async query(sql, params) {
      if (armed && !CONTACT_LOOKUP.test(sql)) {
        armed = false;
        await real.close();
      }
      return real.query(sql, params);
    },
  };
  const trip = () => {
    armed = true;
  };
  return { db, trip };
}

const requests = [
  { name: 'listing orders', method: 'GET', url: '/api/orders', as: 'rita' },
  {
    name: 'placing an order',
    method: 'POST',
    url: '/api/orders',
    as: 'jane',
    payload: { lines: [{ item: 'Desk', quantity: 1 }] },
  },
  { name: 'the orders page', method: 'GET', url: '/orders', as: 'rita' },
] as const;

/** What an answer must never contain: rows, the people in them, SQL or the driver's words. */
const LEAKS = /SO-\d|Surface|Office chair|jane|sam|rita|sales_order|SELECT|PGlite|closed|stack/i;

describe('the customer portal when its database goes away', () => {
  for (const request of requests) {
    it(
      `${request.name} answers 503 and leaks nothing when the database closes mid-request`,
      SLOW,
      async () => {
        const { db, trip } = await databaseThatGoesAway();
        const app = await buildApp({ db });
        try {
          trip();
          const response = await app.inject({
            method: request.method,
            url: request.url,
            headers: { cookie: `portal_contact=${request.as}` },
            ...('payload' in request ? { payload: request.payload } : {}),
          });
          expect(response.statusCode).toBe(503);
          expect(response.headers['retry-after']).toBe('5');
          expect(response.body).not.toMatch(LEAKS);
          if (request.url.startsWith('/api/')) {
            expect(response.json()).toEqual({
              error: 'database_unavailable',
              message: 'the portal cannot reach its database; try again in a moment',
            });
          }
          // Later requests fail at the sign-in lookup, before any route runs: still 503, still nothing.
          const after = await app.inject({ url: '/api/orders', headers: { cookie: 'portal_contact=admin' } });
          expect(after.statusCode).toBe(503);
          expect(after.body).not.toMatch(LEAKS);
        } finally {
          await app.close();
        }
      },
    );
  }
});

// ---- restarts on the same data directory -------------------------------------------------------------

const portalScript = fileURLToPath(new URL('../../load/portal.ts', import.meta.url));
const children: ChildProcess[] = [];
const directories: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function startPortal(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(portalScript, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PGLITE_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`the portal exited (${code ?? signal})`)));
    child.on('message', (message: PortalMessage) => {
      if (message.kind === 'listening') resolve({ child, url: message.address });
    });
  });
}

const stopped = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

async function placeOrder(url: string, item: string): Promise<string> {
  const response = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { cookie: 'portal_contact=jane', 'content-type': 'application/json' },
    body: JSON.stringify({ lines: [{ item, quantity: 3 }] }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { order: { id: string } }).order.id;
}

async function ordersOf(url: string, contact: string): Promise<string[]> {
  const response = await fetch(`${url}/api/orders`, { headers: { cookie: `portal_contact=${contact}` } });
  return ((await response.json()) as { orders: { id: string }[] }).orders.map((order) => order.id).sort();
}

describe('the customer portal restarted on the same PGlite data directory', () => {
  it('keeps every order placed before a clean shutdown, and seeds nothing twice', SLOW, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-restart-'));
    directories.push(dataDir);
    const first = await buildApp({ dataDir });
    const placed = await first.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { cookie: 'portal_contact=jane' },
      payload: { lines: [{ item: 'Desk', quantity: 2 }] },
    });
    expect(placed.statusCode).toBe(201);
    const id = placed.json<{ order: { id: string } }>().order.id;
    await first.close();

    const second = await buildApp({ dataDir });
    try {
      const opened = await second.inject({
        url: `/api/orders/${id}`,
        headers: { cookie: 'portal_contact=jane' },
      });
      expect(opened.statusCode).toBe(200);
      expect(opened.json()).toMatchObject({
        order: { id, orderedBy: 'jane', lines: [{ item: 'Desk', quantity: 2 }] },
      });
      const listed = await second.inject({ url: '/api/orders', headers: { cookie: 'portal_contact=admin' } });
      expect(
        listed
          .json<{ orders: { id: string }[] }>()
          .orders.map((order) => order.id)
          .sort(),
      ).toEqual(['SO-1', 'SO-2', 'SO-3', id].sort());
    } finally {
      await second.close();
    }
  });

  it('keeps every order it answered 201 for when the process is killed without warning', SLOW, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-crash-'));
    directories.push(dataDir);
    const first = await startPortal(dataDir);
    const placed = [await placeOrder(first.url, 'Desk'), await placeOrder(first.url, 'Lamp')];
    first.child.kill('SIGKILL');
    await stopped(first.child);

    const second = await startPortal(dataDir);
    expect(await ordersOf(second.url, 'jane')).toEqual(['SO-1', ...placed].sort());
    const opened = await fetch(`${second.url}/api/orders/${placed[1]}`, {
      headers: { cookie: 'portal_contact=jane' },
    });
    expect(await opened.json()).toMatchObject({ order: { lines: [{ item: 'Lamp', quantity: 3 }] } });
    // The order numbers carry on after the committed ones instead of handing out a number twice.
    const next = await placeOrder(second.url, 'Chair');
    expect(placed).not.toContain(next);
  });
});
