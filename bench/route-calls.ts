/**
 * Where the library's extra CPU per request goes on the example's order routes (issue 32 item 2): in one
 * process, on PGlite, (1) each route through `app.inject`, library against its hand-written twin, CPU µs per
 * request, interleaved; (2) each library call a route makes, in a tight loop on Jane's cached ability and the
 * rows the route reads. The first says how much the library adds; the second says which call it is. Run:
 * `npm run bench route-calls` (SERVER_CALLS_REQUESTS per round, default 300).
 */
import { Ability } from '@casl/ability';
import { AbilityCache, accessibleWhere, type PortalAbility, subject } from 'portal-permissions';
import { buildApp } from '../examples/customer-portal/app.js';
import { openDatabase } from '../examples/customer-portal/db/database.js';
import {
  findOrder,
  grantReader,
  orderFromRow,
  pickColumns,
  readableOrderColumns,
  readableWrittenOrder,
} from '../examples/customer-portal/orders.js';
import type { PortalTable } from '../examples/customer-portal/policy.js';
import { registerTwinOrderRoutes } from '../examples/customer-portal/twin.js';
import { compare } from './harness.js';

const REQUESTS = Number(process.env.SERVER_CALLS_REQUESTS ?? 300);
const HEADERS = { cookie: 'portal_contact=jane', 'sec-fetch-site': 'same-origin' };

const db = await openDatabase({});
const app = await buildApp({ db });
registerTwinOrderRoutes(app, db);
await app.ready();

const ROUTES = [
  { name: 'list orders', method: 'GET', url: '/api/orders' },
  { name: 'open one', method: 'GET', url: '/api/orders/SO-1' },
  {
    name: 'place one',
    method: 'POST',
    url: '/api/orders',
    payload: { lines: [{ item: 'Stapler', quantity: 2 }] },
  },
] as const;

async function injectRound(prefix: string, route: (typeof ROUTES)[number]): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const response = await app.inject({ ...route, url: `${prefix}${route.url}`, headers: HEADERS });
    if (response.statusCode >= 300) throw new Error(`${prefix}${route.url}: ${response.statusCode}`);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / REQUESTS;
}

// The calls themselves, on the ability the server's cache holds for Jane and the rows her routes read.
const { store } = await (
  await import('../examples/customer-portal/permissions/store.js')
).openPermissionStore(db, undefined, undefined);
const policy = store.current().policy;
const { loadContact, principalOf } = await import('../examples/customer-portal/session.js');
const principal = principalOf((await loadContact(db, 'jane'))!);
const cache = new AbilityCache({ max: 500 });
const ability = cache.abilityFor(policy, principal) as unknown as PortalAbility<PortalTable>;
const one = (await findOrder(db, 'SO-1'))!;
const columns = readableOrderColumns(ability);
const N = 2000;

// Each row as the driver hands it, mapped afresh per call as a route does: a tag on a fresh row and a tag on a
// spread copy of it cost differently, so neither is timed on one object over and over.
const driverRow = {
  id: one.id,
  customer_account: one.customerAccount,
  company: one.company,
  ordered_by: one.orderedBy,
  status: one.status,
  total: one.total,
  created_at: new Date(one.createdAt),
  follower_ids: [...(one.followerIds ?? [])],
};
const fresh = () => orderFromRow(driverRow);
// CASL's own method on the same ability: what `relevantRuleFor` ran before it answered from compiled conditions.
const caslRelevantRuleFor = Ability.prototype.relevantRuleFor as (...args: unknown[]) => unknown;

const timed = compare([
  {
    name: 'AbilityCache hit',
    operations: N,
    round: () => loop(() => cache.abilityFor(policy, principal) === ability),
  },
  {
    name: 'accessibleWhere (list)',
    operations: N,
    round: () =>
      loop(() => accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' }).params.length > 0),
  },
  {
    name: 'readableOrderColumns',
    operations: N,
    round: () => loop(() => readableOrderColumns(ability).size > 0),
  },
  {
    name: 'baseline: orderFromRow (every variant below maps its row)',
    operations: N,
    round: () => loop(() => fresh().id !== ''),
  },
  {
    name: 'pickColumns of a row',
    operations: N,
    round: () => loop(() => pickColumns(fresh(), columns).id !== undefined),
  },
  {
    name: "grant, before: CASL's relevantRuleFor('read', subject('salesorder', { ...row }))",
    operations: N,
    round: () =>
      loop(() => caslRelevantRuleFor.call(ability, 'read', subject('salesorder', { ...fresh() })) !== null),
  },
  {
    name: "grant, relevantRuleFor('read', subject('salesorder', { ...row }))",
    operations: N,
    round: () => loop(() => ability.relevantRuleFor('read', subject('salesorder', { ...fresh() })) !== null),
  },
  {
    name: 'grant, relevantRuleFor on the row tagged in place',
    operations: N,
    round: () => loop(() => ability.relevantRuleFor('read', subject('salesorder', fresh())) !== null),
  },
  {
    name: "grant, now: decidingRule('read', 'salesorder', row)",
    operations: N,
    round: () => loop(() => ability.decidingRule('read', 'salesorder', fresh()) !== null),
  },
  {
    name: 'grantReader of a row (the route: rule and its grant)',
    operations: N,
    round: () => loop(() => grantReader(ability)(fresh()) !== undefined),
  },
  {
    name: "authorize, before: can('read', subject('salesorder', { ...row }))",
    operations: N,
    round: () => loop(() => ability.can('read', subject('salesorder', { ...fresh() }))),
  },
  {
    name: "authorize, now: can('read', subject('salesorder', row)) (tagged in place)",
    operations: N,
    round: () => loop(() => ability.can('read', subject('salesorder', fresh()))),
  },
  {
    name: "check('read', 'salesorder', row)",
    operations: N,
    round: () => loop(() => ability.check('read', 'salesorder', fresh())),
  },
  {
    name: 'readableWrittenOrder (place)',
    operations: N,
    round: () => loop(() => readableWrittenOrder(ability, fresh(), []) !== undefined),
  },
]);

function loop(call: () => boolean): number {
  let yes = 0;
  for (let i = 0; i < N; i++) if (call()) yes++;
  return yes;
}

console.log('\n## Each library call, tight loop on the cached ability (µs per call, median of 15 rounds)\n');
console.log('| call | µs |');
console.log('|---|---|');
for (const result of timed) console.log(`| ${result.name} | ${(result.medianNs / 1000).toFixed(2)} |`);
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

console.log(
  `## In process, PGlite: CPU µs per request (${REQUESTS} requests a round, 7 rounds, alternated)\n`,
);
console.log('| route | library | twin | added |');
console.log('|---|---|---|---|');
for (const route of ROUTES) {
  const library: number[] = [];
  const twin: number[] = [];
  await injectRound('', route);
  await injectRound('/twin', route);
  for (let round = 0; round < 7; round++) {
    if (round % 2 === 0) {
      library.push(await injectRound('', route));
      twin.push(await injectRound('/twin', route));
    } else {
      twin.push(await injectRound('/twin', route));
      library.push(await injectRound('', route));
    }
  }
  const [ours, theirs] = [median(library), median(twin)];
  console.log(
    `| ${route.name} | ${ours.toFixed(0)} | ${theirs.toFixed(0)} | ${(ours - theirs).toFixed(0)} |`,
  );
}

await app.close();
await db.close();
