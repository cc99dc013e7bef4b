/**
 * `npm run load`: the customer portal under concurrent load. Starts the portal (PGlite in memory) in a child
 * process, drives it with autocannon over mixed personas (cookies) and routes for LOAD_SECONDS (30 by
 * default), three times, and checks every answer against the reference evaluator; every order placed is then
 * read back from the database and judged by the stored row. The request mix comes from a seeded generator:
 * the seed is printed, and LOAD_SEED=<seed> replays the same mix (the interleaving of concurrent requests is
 * the machine's). Exits 1 on any 5xx, any wrong answer, a connection error, or a heap that keeps growing from
 * run to run. Requests autocannon gave up on (10 s) are reported, not failed: on two shared cores they
 * measure the machine as much as the portal.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { portalPolicyInput } from '../examples/customer-portal/policy.js';
import { personas, seedOrders } from '../examples/customer-portal/seed.js';
import type { Principal } from '../src/index.js';
import { referenceCan } from '../src/testing/reference-evaluator.js';
import type { DriverMessage, PortalMessage, StoredOrder } from './portal.js';
import { seededRandom } from './seeded-random.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONNECTIONS = 50;
const RUNS = 3;
const SEED = process.env.LOAD_SEED === undefined ? Date.now() >>> 0 : Number(process.env.LOAD_SEED) >>> 0;
const random = seededRandom(SEED);
/** Heap growth from the first run to the last that still counts as stable: the seed grows by the orders placed. */
const HEAP_TOLERANCE = 0.25;

type Order = { id: string; customerAccount: string | null; company: string | null; orderedBy: string | null };

interface Visitor {
  readonly id: string | undefined;
  readonly principal: Principal;
  readonly cookie: string | undefined;
}

const visitors: readonly Visitor[] = [
  ...personas.map((persona) => ({
    id: persona.id,
    cookie: `portal_contact=${persona.id}`,
    principal: {
      kind: 'contact' as const,
      id: persona.id,
      accountId: persona.accountId,
      legalEntity: persona.legalEntity,
      webRoles: [...persona.webRoles],
      state: 'active' as const,
    },
  })),
  { id: undefined, cookie: undefined, principal: { kind: 'anonymous' } },
];

const readable = (visitor: Visitor, order: Order): boolean =>
  referenceCan(portalPolicyInput, visitor.principal, 'read', 'salesorder', order);

/** Orders whose fields are known: the seed's and every order the load has placed. */
const knownOrders: Order[] = seedOrders.map(({ id, customerAccount, company, orderedBy }) => ({
  id,
  customerAccount,
  company,
  orderedBy,
}));

type Route = 'list' | 'open' | 'create' | 'refusedCreate';

/** Orders the portal answered 201 for, not yet read back from the database. */
const placedOrders: { id: string; visitor: Visitor }[] = [];

interface Pending {
  route: Route;
  visitor: Visitor;
  order?: Order;
  attempt?: Omit<Order, 'id'>;
}

interface Tally {
  byStatus: Map<number, number>;
  byRoute: Map<Route, number>;
  checked: number;
  wrongCount: number;
  /** The first few wrong answers, to print. */
  wrong: string[];
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

function nextRequest(): { pending: Pending; method: 'GET' | 'POST'; path: string; body?: string } {
  const roll = random();
  const visitor = pick(visitors);
  if (roll < 0.45) return { pending: { route: 'list', visitor }, method: 'GET', path: '/api/orders' };
  if (roll < 0.9) {
    // Mostly the seed orders (every persona's answer differs on them), sometimes one placed under load.
    const order = random() < 0.7 ? pick(knownOrders.slice(0, 3)) : pick(knownOrders);
    return { pending: { route: 'open', visitor, order }, method: 'GET', path: `/api/orders/${order.id}` };
  }
  const lines = [{ item: 'Load test widget', quantity: 1 }];
  if (roll < 0.95) {
    // Jane and Sam place orders for their own account.
    const orderer = pick(visitors.filter((candidate) => candidate.id === 'jane' || candidate.id === 'sam'));
    return {
      pending: {
        route: 'create',
        visitor: orderer,
        attempt: { customerAccount: 'X', company: 'usmf', orderedBy: orderer.id ?? null },
      },
      method: 'POST',
      path: '/api/orders',
      body: JSON.stringify({ lines }),
    };
  }
  // Refused: a representative and an unauthorized user may not place orders, nobody places one for
  // another customer, and a visitor must sign in.
  const refused = pick(visitors.filter((candidate) => candidate.id !== 'admin'));
  const account = refused.id === 'jane' || refused.id === 'sam' ? 'Y' : 'X';
  return {
    pending: {
      route: 'refusedCreate',
      visitor: refused,
      attempt: { customerAccount: account, company: 'usmf', orderedBy: refused.id ?? null },
    },
    method: 'POST',
    path: '/api/orders',
    body: JSON.stringify({ customerAccount: account, lines }),
  };
}

/** What is wrong with one answer, if anything: the reference decides every order it shows or hides. */
function wrongAnswer(pending: Pending, status: number, body: string): string | undefined {
  const { route, visitor } = pending;
  const who = visitor.id ?? 'a visitor';
  if (route === 'list') {
    if (status !== 200) return `${who} listed orders: ${status}`;
    const { orders } = JSON.parse(body) as { orders: Order[] };
    const leaked = orders.find((order) => !readable(visitor, order));
    if (leaked) return `${who} listed ${leaked.id}, which the reference denies`;
    const listed = new Set(orders.map((order) => order.id));
    const missing = knownOrders
      .slice(0, 3)
      .find((order) => readable(visitor, order) && !listed.has(order.id));
    return missing ? `${who} did not list ${missing.id}, which the reference allows` : undefined;
  }
  if (route === 'open') {
    const order = pending.order!;
    const expected = readable(visitor, order) ? 200 : 404;
    if (status !== expected) return `${who} opened ${order.id}: ${status}, the reference says ${expected}`;
    if (status === 200 && (JSON.parse(body) as { order: Order }).order.id !== order.id)
      return `${who} opened ${order.id} and got another order`;
    return undefined;
  }
  const attempt = pending.attempt!;
  if (status === 201) {
    const { order } = JSON.parse(body) as { order: Order };
    // Judged once the run is over, by the row the database holds (placedOrders).
    placedOrders.push({ id: order.id, visitor });
    return route === 'refusedCreate' ? `${who} placed ${order.id} where a refusal was expected` : undefined;
  }
  if (status === 401 || status === 403) {
    const placed = { ...attempt, id: 'SO-new' };
    return referenceCan(portalPolicyInput, visitor.principal, 'create', 'salesorder', placed)
      ? `${who} was refused an order the reference allows (${status})`
      : undefined;
  }
  return `${who} placing an order: ${status}`;
}

function startPortal(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./portal.ts', import.meta.url)), {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the portal exited (${code}) before listening`)));
    child.on('message', (message: PortalMessage) => {
      if (message.kind === 'listening') resolve({ child, url: message.address });
    });
  });
}

async function heapOf(child: ChildProcess): Promise<number> {
  return (await askPortal(child, 'heap', 'heap')).heapUsed;
}

function recordWrong(tally: Tally, wrong: string | undefined): void {
  if (wrong === undefined) return;
  tally.wrongCount += 1;
  if (tally.wrong.length < 20) tally.wrong.push(wrong);
}

function askPortal<K extends PortalMessage['kind']>(
  child: ChildProcess,
  question: DriverMessage,
  kind: K,
): Promise<Extract<PortalMessage, { kind: K }>> {
  return new Promise((resolve) => {
    const listener = (message: PortalMessage) => {
      if (message.kind !== kind) return;
      child.off('message', listener);
      resolve(message as Extract<PortalMessage, { kind: K }>);
    };
    child.on('message', listener);
    child.send(question);
  });
}

/** Reads every order placed in this run back from the database and judges the stored row. */
async function checkPlacedOrders(child: ChildProcess, tally: Tally): Promise<void> {
  const placed = placedOrders.splice(0);
  if (placed.length === 0) return;
  const { orders } = await askPortal(child, { kind: 'orders', ids: placed.map(({ id }) => id) }, 'orders');
  const stored = new Map<string, StoredOrder>(orders.map((order) => [order.id, order]));
  for (const { id, visitor } of placed) {
    tally.checked += 1;
    const row = stored.get(id);
    const who = visitor.id ?? 'a visitor';
    if (row === undefined) recordWrong(tally, `${who} was answered 201 for ${id}, which is not stored`);
    else if (!referenceCan(portalPolicyInput, visitor.principal, 'create', 'salesorder', row))
      recordWrong(
        tally,
        `${who} placed ${id} as stored (${JSON.stringify(row)}), which the reference refuses`,
      );
    else knownOrders.push(row);
  }
}

async function drive(url: string, tally: Tally): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request, context) => {
          const next = nextRequest();
          context.pending = next.pending;
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: {
              ...(next.pending.visitor.cookie ? { cookie: next.pending.visitor.cookie } : {}),
              ...(next.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(next.body === undefined ? {} : { body: next.body }),
          };
        },
        onResponse: (status, body, context) => {
          const pending = context.pending as Pending;
          tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
          tally.byRoute.set(pending.route, (tally.byRoute.get(pending.route) ?? 0) + 1);
          tally.checked += 1;
          recordWrong(tally, wrongAnswer(pending, status, body));
        },
      },
    ],
  });
}

const { child, url } = await startPortal();
const heaps: number[] = [];
let failed = false;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
try {
  heaps.push(await heapOf(child));
  console.log(
    `portal at ${url}; heap after start ${mib(heaps[0]!)}; request mix seed ${SEED} (LOAD_SEED=${SEED} replays it)`,
  );
  for (let run = 1; run <= RUNS; run++) {
    const tally: Tally = { byStatus: new Map(), byRoute: new Map(), checked: 0, wrongCount: 0, wrong: [] };
    const result = await drive(url, tally);
    await checkPlacedOrders(child, tally);
    const heap = await heapOf(child);
    heaps.push(heap);
    const serverErrors = [...tally.byStatus]
      .filter(([status]) => status >= 500)
      .reduce((n, [, c]) => n + c, 0);
    console.log(
      `run ${run}: ${result.requests.total} requests in ${SECONDS} s, ${result.requests.average} req/s, ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ` +
        `${serverErrors} 5xx, ${result.errors} connection errors, ${result.timeouts} timeouts; ` +
        `${tally.checked} answers checked, ${tally.wrongCount} wrong; heap after ${mib(heap)}`,
    );
    console.log(
      `  statuses ${JSON.stringify(Object.fromEntries(tally.byStatus))}, routes ${JSON.stringify(Object.fromEntries(tally.byRoute))}`,
    );
    for (const wrong of tally.wrong) console.log(`  WRONG: ${wrong}`);
    if (serverErrors > 0 || tally.wrongCount > 0 || result.errors > result.timeouts) failed = true;
  }
  const growth = heaps[RUNS]! / heaps[1]! - 1;
  console.log(
    `heap after runs 1..${RUNS}: ${heaps.slice(1).map(mib).join(', ')} (${(growth * 100).toFixed(1)}% from run 1 to run ${RUNS}); ` +
      `${knownOrders.length - 3} orders placed`,
  );
  if (growth > HEAP_TOLERANCE) {
    console.log(`the heap grew more than ${HEAP_TOLERANCE * 100}% from run 1 to run ${RUNS}`);
    failed = true;
  }
} finally {
  child.send('close');
}
process.exitCode = failed ? 1 : 0;
