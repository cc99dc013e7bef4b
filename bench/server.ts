/**
 * What authorization costs a server (issue 32 item 2): the example portal's order routes (list orders, open
 * one, place one) as the library answers them, against their hand-written twin (examples/customer-portal/
 * twin.ts: SQL `WHERE` and checks written out, the same statements per request), on the same server code,
 * database and seed. Two server processes each serve both variants; autocannon drives one variant at a time
 * over loopback from this process, after a warm-up of each variant on each server, and round by round the
 * variants swap servers and order. Runs on PGlite, then on a PostgreSQL server when PORTAL_BENCH_DATABASE_URL
 * names one (the bench drops and recreates the public schema of that database). Before timing, the two answer
 * each request alike. Reports requests/s, exact p50 and p99, CPU per request (server process and database
 * backends) and the load average. Run: `npm run bench server` (SERVER_BENCH_SECONDS per slice, default 5;
 * SERVER_BENCH_ROUNDS, default 4; SERVER_BENCH_WARMUP_SECONDS, default 2).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drive, median, range, type Sample, type Sent } from './server-measure.js';

const SECONDS = Number(process.env.SERVER_BENCH_SECONDS ?? 5);
// Even, so that each variant runs as often on each server; four covers every server and order pairing.
const ROUNDS = 2 * Math.ceil(Number(process.env.SERVER_BENCH_ROUNDS ?? 4) / 2);
const WARMUP = Number(process.env.SERVER_BENCH_WARMUP_SECONDS ?? 2);
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

/** One server process: the example app with the twin's routes too, listening on loopback. */
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

const sentOf = (prefix: string, route: Route): Sent => ({
  method: route.method,
  path: `${prefix}${route.path}`,
  headers: { ...HEADERS, ...(route.body ? { 'content-type': 'application/json' } : {}) },
  ...(route.body ? { body: route.body } : {}),
});

async function resetDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  await client.end();
}

/** One route's slices, per variant, in round order (the two of a round are paired). */
type Slices = Record<(typeof VARIANTS)[number]['name'], Sample[]>;

/**
 * Runs one route: a warm-up of each variant on each server, then ROUNDS rounds of one slice per variant.
 * Both servers serve both variants: round by round the variants swap servers and which goes first, so
 * neither a server process nor a drift in load favours one variant.
 */
async function runRoute(servers: readonly Server[], route: Route, database?: pg.Client): Promise<Slices> {
  const slice = (server: Server, variant: (typeof VARIANTS)[number], seconds: number) =>
    drive(server.port, server.child.pid!, sentOf(variant.prefix, route), seconds, CONNECTIONS, database);
  for (const server of servers) for (const variant of VARIANTS) await slice(server, variant, WARMUP);
  const slices: Slices = { library: [], twin: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const swapped = round % 2 === 1;
    const order = (round >> 1) % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      const server = servers[(variant.name === 'library') === swapped ? 1 : 0]!;
      slices[variant.name].push(await slice(server, variant, SECONDS));
    }
  }
  return slices;
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

/** One table row: medians with the rounds' range, and changes as the median of the rounds' paired ratios. */
function rowOf(label: string, route: Route, { library, twin }: Slices): string {
  const paired = (pick: (sample: Sample) => number) =>
    median(library.map((sample, round) => pick(sample) / pick(twin[round]!) - 1));
  const both = (pick: (sample: Sample) => number, digits: number) =>
    `${median(library.map(pick)).toFixed(digits)} / ${median(twin.map(pick)).toFixed(digits)}`;
  const requestsChange = paired((sample) => sample.requests);
  const p50Added = paired((sample) => sample.p50);
  const holds = p50Added <= 0.05 && requestsChange >= -0.05 ? 'holds' : 'MISSED';
  const requests = (list: Sample[]) =>
    `${median(list.map((sample) => sample.requests)).toFixed(0)} (${range(list.map((sample) => sample.requests))})`;
  return `| ${label} | ${route.name} | ${requests(library)} | ${requests(twin)} | ${percent(requestsChange)} | ${both((sample) => sample.p50, 1)} ms | ${percent(p50Added)} | ${both((sample) => sample.p99, 1)} ms | ${both((sample) => sample.cpu, 0)} | ${percent(paired((sample) => sample.cpu))} | ${holds} |`;
}

async function benchOn(label: string, databaseUrl: string | undefined): Promise<string[]> {
  if (databaseUrl) await resetDatabase(databaseUrl);
  // One after the other: on a shared database the second finds the tables and seed the first made.
  const servers = [await startServer(databaseUrl), await startServer(databaseUrl)];
  const database = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : undefined;
  await database?.connect();
  const rows: string[] = [];
  try {
    await sameAnswers(servers, databaseUrl);
    for (const route of ROUTES) rows.push(rowOf(label, route, await runRoute(servers, route, database)));
  } finally {
    await database?.end();
    for (const server of servers) server.child.kill();
  }
  return rows;
}

const load = () =>
  loadavg()
    .slice(0, 2)
    .map((value) => value.toFixed(1))
    .join(' / ');

if (process.argv[2] === 'serve') {
  await serve(process.argv[3] || undefined);
} else {
  const loads = [`PGlite: ${load()}`];
  const rows = await benchOn('PGlite', undefined);
  const databaseUrl = process.env.PORTAL_BENCH_DATABASE_URL;
  if (databaseUrl) {
    loads.push(`PostgreSQL: ${load()}`);
    rows.push(...(await benchOn('PostgreSQL', databaseUrl)));
  }
  loads.push(`end: ${load()}`);
  console.log(
    `## Server: the example's order routes, library vs hand-written twin (autocannon, ${CONNECTIONS} connections, warm-up ${WARMUP} s per variant and server, ${ROUNDS} × ${SECONDS} s per variant, persona ${PERSONA})\n`,
  );
  console.log(
    '| database | route | library req/s (range) | twin req/s (range) | req/s change | p50 library / twin | p50 added | p99 library / twin | CPU µs/request library / twin | CPU added | target ≤ 5% |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (!databaseUrl)
    console.log('\nPostgreSQL skipped: set PORTAL_BENCH_DATABASE_URL to a database this bench may reset.');
  console.log(
    `\nChanges are medians of the rounds' paired ratios. Load average (1 / 5 min) at the start of ${loads.join(', ')}; ${cpus().length} cores.`,
  );
}
