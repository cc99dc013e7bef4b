/**
 * What authorization costs a server (issue 32 item 2): the example portal's order routes (list orders, open
 * one, place one) as the library answers them, against their hand-written twin (examples/customer-portal/
 * twin.ts: SQL `WHERE` and checks written out), on the same server code, database and seed. Each variant is
 * its own server process; autocannon drives it over loopback from this process, variants interleaved round by
 * round. Runs on PGlite, then on a PostgreSQL server when PORTAL_BENCH_DATABASE_URL names one (the bench drops
 * and recreates the public schema of that database). Before timing, the two answer each request alike.
 * Run: `npm run bench server` (SERVER_BENCH_SECONDS per round, default 5; SERVER_BENCH_ROUNDS, default 3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const SECONDS = Number(process.env.SERVER_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.SERVER_BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const PERSONA = 'jane';
const HEADERS = { cookie: `portal_contact=${PERSONA}`, 'sec-fetch-site': 'same-origin' };

interface Route {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}
// Placing runs last: the orders it adds would lengthen the list the other routes read.
const ROUTES: readonly Route[] = [
  { name: 'list orders (GET /api/orders)', method: 'GET', path: '/api/orders' },
  { name: 'open one (GET /api/orders/SO-1)', method: 'GET', path: '/api/orders/SO-1' },
  {
    name: 'place one (POST /api/orders)',
    method: 'POST',
    path: '/api/orders',
    body: JSON.stringify({ lines: [{ item: 'Stapler', quantity: 2 }] }),
  },
];
const VARIANTS = [
  { name: 'library', prefix: '' },
  { name: 'twin', prefix: '/twin' },
] as const;

/** The server process of one variant: the example app with the twin's routes too, listening on loopback. */
async function serve(databaseUrl: string | undefined): Promise<void> {
  const { buildApp } = await import('../examples/customer-portal/app.js');
  const { openDatabase } = await import('../examples/customer-portal/db/database.js');
  const { registerTwinOrderRoutes } = await import('../examples/customer-portal/twin.js');
  const db = await openDatabase({ databaseUrl });
  const app = await buildApp({ db, databaseUrl });
  registerTwinOrderRoutes(app, db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
}

interface Server {
  readonly port: number;
  readonly child: ChildProcess;
}

function startServer(databaseUrl: string | undefined): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', databaseUrl ?? ''],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((text) => text.startsWith('{"port"'));
      if (line) resolve({ port: (JSON.parse(line) as { port: number }).port, child });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function request(
  port: number,
  prefix: string,
  route: Route,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${prefix}${route.path}`, {
    method: route.method,
    headers: { ...HEADERS, ...(route.body ? { 'content-type': 'application/json' } : {}) },
    ...(route.body ? { body: route.body } : {}),
  });
  return { status: response.status, body: await response.text() };
}

const normalized = (body: string) =>
  body.replace(/SO-\d+/g, 'SO-n').replace(/"createdAt":"[^"]+"/g, '"createdAt":"t"');

/** Fails unless both servers answer each route alike (a placed order's number and time aside). */
async function sameAnswers(servers: readonly Server[], databaseUrl: string | undefined): Promise<void> {
  for (const route of ROUTES) {
    // On a shared database a placed order is read by both: place through the library last.
    const answers = [];
    for (const [index, variant] of VARIANTS.entries()) {
      answers.push(await request(servers[databaseUrl ? 0 : index]!.port, variant.prefix, route));
    }
    const [library, twin] = answers.map((answer) => ({ ...answer, body: normalized(answer.body) }));
    if (library!.status >= 300 || library!.status !== twin!.status || library!.body !== twin!.body)
      throw new Error(
        `${route.name}: library ${library!.status} ${library!.body}\ntwin ${twin!.status} ${twin!.body}`,
      );
  }
}

interface Sample {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
}

async function drive(port: number, prefix: string, route: Route, seconds: number): Promise<Sample> {
  const headers = { ...HEADERS, ...(route.body ? { 'content-type': 'application/json' } : {}) };
  const sent = {
    method: route.method,
    path: `${prefix}${route.path}`,
    headers,
    ...(route.body ? { body: route.body } : {}),
  };
  let refused = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...sent }),
        onResponse: (status) => {
          if (status >= 300) refused += 1;
        },
      },
    ],
  });
  const failed = refused + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${prefix || 'library'} ${route.name}: ${failed} failed requests`);
  return { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function resetDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  await client.end();
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

async function benchOn(label: string, databaseUrl: string | undefined): Promise<string[]> {
  if (databaseUrl) await resetDatabase(databaseUrl);
  // One after the other: on a shared database the second finds the tables and seed the first made.
  const servers = [await startServer(databaseUrl), await startServer(databaseUrl)];
  const rows: string[] = [];
  try {
    await sameAnswers(servers, databaseUrl);
    for (const route of ROUTES) {
      const samples: Sample[][] = [[], []];
      for (const [index, variant] of VARIANTS.entries())
        await drive(servers[index]!.port, variant.prefix, route, 1);
      for (let round = 0; round < ROUNDS; round++) {
        // Alternating which variant goes first, so a drift in load falls on both alike.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order)
          samples[index]!.push(await drive(servers[index]!.port, VARIANTS[index]!.prefix, route, SECONDS));
      }
      const [library, twin] = samples.map((list) => ({
        requests: median(list.map((sample) => sample.requests)),
        p50: median(list.map((sample) => sample.p50)),
        p99: median(list.map((sample) => sample.p99)),
      }));
      const range = (list: Sample[], pick: (sample: Sample) => number) =>
        `${Math.min(...list.map(pick)).toFixed(0)}-${Math.max(...list.map(pick)).toFixed(0)}`;
      const p50Added = library!.p50 / twin!.p50 - 1;
      const requestsLost = 1 - library!.requests / twin!.requests;
      const holds = p50Added <= 0.05 && requestsLost <= 0.05 ? 'holds' : 'MISSED';
      rows.push(
        `| ${label} | ${route.name} | ${library!.requests.toFixed(0)} (${range(samples[0]!, (s) => s.requests)}) | ${twin!.requests.toFixed(0)} (${range(samples[1]!, (s) => s.requests)}) | ${(-requestsLost * 100).toFixed(1)}% | ${library!.p50} / ${twin!.p50} ms | ${(p50Added * 100).toFixed(1)}% | ${library!.p99} / ${twin!.p99} ms | ${holds} |`,
      );
    }
  } finally {
    for (const server of servers) server.child.kill();
  }
  return rows;
}

if (process.argv[2] === 'serve') {
  await serve(process.argv[3] || undefined);
} else {
  const before = loadavg();
  const rows = await benchOn('PGlite', undefined);
  const databaseUrl = process.env.PORTAL_BENCH_DATABASE_URL;
  if (databaseUrl) rows.push(...(await benchOn('PostgreSQL', databaseUrl)));
  const after = loadavg();
  console.log(
    `## Server: the example's order routes, library vs hand-written twin (autocannon, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per variant, persona ${PERSONA})\n`,
  );
  console.log(
    '| database | route | library req/s (range) | twin req/s (range) | req/s change | p50 library / twin | p50 added | p99 library / twin | target ≤ 5% |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (!databaseUrl)
    console.log('\nPostgreSQL skipped: set PORTAL_BENCH_DATABASE_URL to a database this bench may reset.');
  console.log(
    `\nload average (1 min) before ${before[0]!.toFixed(1)}, after ${after[0]!.toFixed(1)}, on ${(await import('node:os')).cpus().length} cores`,
  );
}
