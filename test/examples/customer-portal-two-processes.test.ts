import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/customer-portal/app.js';
import { pgliteDatabase } from '../../examples/customer-portal/db/pglite.js';
import { portalPolicyInput } from '../../examples/customer-portal/policy.js';
import { freshPglite } from '../fixtures/pglite.js';

// With PORTAL_TEST_DATABASE_URL (CI): two server processes of the example (`main.ts`, as `npm start` runs
// it) on one PostgreSQL server, each with its own policy store, listening. Without it: two apps in this
// process on one PGlite database. A policy table of its own, so no other suite sees these versions.
const url = process.env.PORTAL_TEST_DATABASE_URL;
const table = `policy_two_${randomUUID().slice(0, 8)}`;
const root = new URL('../../', import.meta.url);

/** Something that answers HTTP requests: a spawned server or an app in this process. */
type Server = (
  path: string,
  init?: { method?: string; form?: Record<string, string>; contact?: string },
) => Promise<{
  status: number;
  body: string;
}>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];

async function spawned(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/customer-portal/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      PORTAL_POLICY_TABLE: table,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 120_000;
  while (!output.includes('Customer portal running at')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the portal did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return async (path, init = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(init.contact ? { cookie: `portal_contact=${init.contact}` } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    return { status: response.status, body: await response.text() };
  };
}

function inProcess(app: Awaited<ReturnType<typeof buildApp>>): Server {
  return async (path, init = {}) => {
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url: path,
      headers: {
        ...(init.contact ? { cookie: `portal_contact=${init.contact}` } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { payload: new URLSearchParams(init.form).toString() } : {}),
    });
    return { status: response.statusCode, body: response.body };
  };
}

let a: Server;
let b: Server;
beforeAll(async () => {
  if (url) {
    // One after the other: the first creates the tables and publishes version 1.
    a = await spawned(url);
    b = await spawned(url);
    return;
  }
  process.env.PORTAL_POLICY_TABLE = table;
  const db = await pgliteDatabase(freshPglite());
  const first = await buildApp({ db });
  const second = await buildApp({ db });
  closers.push(
    () => first.close(),
    () => second.close(),
    () => db.close(),
  );
  a = inProcess(first);
  b = inProcess(second);
}, 240_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  for (const close of closers) await close();
  delete process.env.PORTAL_POLICY_TABLE;
});

async function ritaOrders(server: Server): Promise<string[]> {
  const { body } = await server('/api/orders', { contact: 'rita' });
  return (JSON.parse(body) as { orders: { id: string }[] }).orders.map((order) => order.id);
}

const narrowed = {
  ...portalPolicyInput,
  tablePermissions: portalPolicyInput.tablePermissions.map((permission) =>
    permission.name === 'Company orders' ? { ...permission, active: false } : permission,
  ),
};

describe(`two servers of the example on one ${url ? 'PostgreSQL server' : 'PGlite database'}`, () => {
  it('a publish through one server is answered by the other', async () => {
    expect(await ritaOrders(b)).toContain('SO-1');
    const published = await a('/permissions/publish', {
      method: 'POST',
      contact: 'admin',
      form: {
        baseVersion: '1',
        document: JSON.stringify(narrowed),
        comment: 'representatives lose company orders',
      },
    });
    expect(published.status).toBe(303);
    expect(await ritaOrders(a)).not.toContain('SO-1');
    await expect.poll(() => ritaOrders(b), { timeout: 15_000, interval: 100 }).not.toContain('SO-1');
  });

  it('an invalid or widening publish changes nothing in either server', async () => {
    const invalid = await a('/permissions/publish', {
      method: 'POST',
      contact: 'admin',
      form: { baseVersion: '2', document: '{"tables": 7}', comment: 'broken' },
    });
    expect(invalid.status).toBe(422);
    const widening = await b('/permissions/rollback', {
      method: 'POST',
      contact: 'admin',
      form: { version: '1', baseVersion: '2', comment: 'undo without saying it widens' },
    });
    expect(widening.status).toBe(409);
    for (const server of [a, b]) {
      const history = await server('/permissions', { contact: 'admin' });
      expect(history.body).toContain('data-testid="version-2"');
      expect(history.body).not.toContain('data-testid="version-3"');
      expect(await ritaOrders(server)).not.toContain('SO-1');
    }
  });
});
