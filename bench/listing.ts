/**
 * Listing at scale on PostgreSQL's planner: each grant mix of issue 35 (bench/listing-cases.ts), the
 * generated filter against a hand-written WHERE for the same rows with the same indexes, interleaved in one
 * run. Prints each plan's summary and the median paired ratio (target ≤ 1.20×). Sizes: `LISTING_ORDERS`
 * orders (1,000,000 by default), twice as many follower links and order lines, 20% of the orders shared.
 * The rows are made by the database itself (`INSERT ... SELECT ... FROM generate_series`).
 * PORTAL_BENCH_DATABASE_URL names a PostgreSQL server (its bench tables are dropped and made anew), else
 * the bench runs in PGlite, in process.
 * Run: `node --import tsx bench/listing.ts` (or `npm run bench listing`).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { abilityFor, accessibleWhere } from 'portal-permissions';
import { cases } from './listing-cases.js';

const ORDERS = Number(process.env.LISTING_ORDERS ?? 1_000_000);
// Ten customer accounts of ORDERS / 10 orders each (the contact's account); ORDERS / 10 accounts of ten
// orders each for the internal user's cascaded shares.
const ACCOUNTS = Math.max(10, Math.floor(ORDERS / 10));
const CONTACTS = Math.max(10, Math.floor(ORDERS / 10));
const USERS = 1_000;
const ROUNDS = Number(process.env.LISTING_ROUNDS ?? 21);
const url = process.env.PORTAL_BENCH_DATABASE_URL;

/** What the bench needs of a database: PGlite and one `pg` connection both have this shape. */
interface Database {
  readonly name: string;
  exec(sql: string): Promise<unknown>;
  query<Row>(sql: string, params: unknown[]): Promise<{ rows: Row[] }>;
  close(): Promise<void>;
}

async function connect(): Promise<Database> {
  if (url === undefined || url === '') {
    const db = new PGlite();
    return {
      name: 'PGlite',
      exec: (sql) => db.exec(sql),
      query: (sql, params) => db.query(sql, params),
      close: () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = await client.query<{ server_version: string }>('SHOW server_version');
  return {
    name: `PostgreSQL ${version.rows[0]?.server_version ?? ''}`.trim(),
    // A simple-protocol query: several statements in one string, as PGlite's exec takes them.
    exec: (sql) => client.query(sql),
    query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }),
    close: () => client.end(),
  };
}

async function setUp(): Promise<Database> {
  const db = await connect();
  const lines = 2 * ORDERS;
  await db.exec(`
    DROP TABLE IF EXISTS salesorder, order_follower, orderline, account, salesorder_share, account_share;
    CREATE TABLE salesorder (id text PRIMARY KEY, "orderedBy" text, "customerAccount" text, "accountId" text,
      "ownerId" text, "owningBusinessUnitId" text, total integer);
    INSERT INTO salesorder SELECT 'SO-' || g, 'c' || (g % ${CONTACTS}), 'A' || (g % 10), 'ACC-' || (g % ${ACCOUNTS}),
      'u' || (g % ${USERS}), 'sales', g % 997 FROM generate_series(1, ${ORDERS}) AS g;
    CREATE TABLE order_follower (orderid text, contactid text);
    INSERT INTO order_follower SELECT 'SO-' || g, 'c' || ((g * 7) % ${CONTACTS}) FROM generate_series(1, ${ORDERS}) AS g;
    INSERT INTO order_follower SELECT 'SO-' || g, 'c' || ((g * 13 + 1) % ${CONTACTS}) FROM generate_series(1, ${ORDERS}) AS g;
    CREATE TABLE orderline (id text PRIMARY KEY, "orderId" text, "lineContact" text, quantity integer);
    INSERT INTO orderline SELECT 'L-' || g, 'SO-' || (g % ${ORDERS} + 1), 'c' || ((g * 3) % ${CONTACTS}), g % 13
      FROM generate_series(1, ${lines}) AS g;
    CREATE TABLE account (id text PRIMARY KEY, "ownerId" text, "owningBusinessUnitId" text);
    INSERT INTO account SELECT 'ACC-' || g, 'u' || (g % ${USERS}), 'sales' FROM generate_series(0, ${ACCOUNTS - 1}) AS g;
    CREATE TABLE salesorder_share (record text, principal text, privilege text);
    INSERT INTO salesorder_share SELECT 'SO-' || (g * 5), CASE WHEN g % 10 = 0 THEN 't' || (g % 50) ELSE 'u' || (g % ${USERS}) END,
      CASE WHEN g % 3 = 0 THEN 'write' ELSE 'read' END FROM generate_series(1, ${ORDERS / 5}) AS g;
    CREATE TABLE account_share (record text, principal text, privilege text);
    INSERT INTO account_share SELECT 'ACC-' || (g * 5 % ${ACCOUNTS}), CASE WHEN g % 10 = 0 THEN 't' || (g % 50) ELSE 'u' || (g % ${USERS}) END,
      'read' FROM generate_series(1, ${ACCOUNTS / 5}) AS g;
    CREATE INDEX salesorder_ordered_by ON salesorder ("orderedBy");
    CREATE INDEX salesorder_customer_account ON salesorder ("customerAccount");
    CREATE INDEX salesorder_account ON salesorder ("accountId");
    CREATE INDEX salesorder_owner ON salesorder ("ownerId");
    CREATE INDEX order_follower_contact ON order_follower (contactid, orderid);
    CREATE INDEX order_follower_order ON order_follower (orderid);
    CREATE INDEX orderline_order ON orderline ("orderId");
    CREATE INDEX orderline_contact ON orderline ("lineContact");
    CREATE INDEX salesorder_share_grantee ON salesorder_share (principal, privilege, record);
    CREATE INDEX salesorder_share_record ON salesorder_share (record);
    CREATE INDEX account_share_grantee ON account_share (principal, privilege, record);
    ANALYZE;
  `);
  return db;
}

const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/** The plan's node kinds in order, costs dropped: what the planner chose, in one line. */
async function planOf(db: Database, sql: string, params: readonly unknown[]): Promise<string[]> {
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [...params]);
  return plan.rows.map((row) => row['QUERY PLAN']);
}
const summary = (plan: readonly string[]): string =>
  plan
    .filter(
      (line) => !/^\s*(Filter|Index Cond|Recheck Cond|Hash Cond|Join Filter|Sort Key|Group Key)/.test(line),
    )
    .map((line) =>
      line
        .replace(/\s*\(cost.*$/, '')
        .replace(/^\s*->\s*/, '')
        .trim(),
    )
    .map((line) => line.replace(/ using \S+/, '').replace(/ on (\S+)( \S+)?/, ' $1'))
    .join(' / ');

/** Paired timing: both queries each round, alternating which goes first; median time and median ratio. */
async function timeQueries(db: Database, queries: readonly { sql: string; params: unknown[] }[]) {
  const samples = queries.map(() => [] as number[]);
  const ratios: number[] = [];
  const counts = queries.map(() => 0);
  for (let round = -3; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const elapsed: number[] = [];
    for (const index of order) {
      const query = queries[index]!;
      const start = process.hrtime.bigint();
      const { rows } = await db.query(query.sql, query.params);
      elapsed[index] = Number(process.hrtime.bigint() - start) / 1e6;
      counts[index] = rows.length;
    }
    if (round < 0) continue;
    for (const [index, ms] of elapsed.entries()) samples[index]!.push(ms);
    ratios.push(elapsed[0]! / elapsed[1]!);
  }
  return { generated: median(samples[0]!), hand: median(samples[1]!), ratio: median(ratios), rows: counts };
}

const started = Date.now();
const db = await setUp();
const loadSeconds = (Date.now() - started) / 1000;
console.log(
  `${db.name}: ${ORDERS.toLocaleString('en')} orders, ${(2 * ORDERS).toLocaleString('en')} follower links and lines, ` +
    `${(ORDERS / 5).toLocaleString('en')} order shares, loaded and indexed in ${loadSeconds.toFixed(1)} s\n`,
);

const rows: string[] = [];
let worst = 0;
for (const scenario of cases) {
  const ability = abilityFor(scenario.policy, scenario.principal);
  const filter = accessibleWhere(ability, 'read', scenario.table, { dialect: 'postgres' });
  const generated = { sql: `SELECT * FROM ${scenario.table} WHERE ${filter.sql}`, params: filter.params };
  const hand = {
    sql: `SELECT * FROM ${scenario.table} WHERE ${scenario.handWritten.sql}`,
    params: [...scenario.handWritten.params],
  };
  const plan = await planOf(db, generated.sql, generated.params);
  const handPlan = summary(await planOf(db, hand.sql, hand.params));
  console.log(`${scenario.name}\n  WHERE ${filter.sql}\n  params ${JSON.stringify(filter.params)}`);
  for (const line of plan) console.log(`  ${line}`);
  const timing = await timeQueries(db, [generated, hand]);
  // Equal and non-empty: the two queries answer the same question, and the case grants something.
  if (timing.rows[0] !== timing.rows[1] || timing.rows[0] === 0) {
    throw new Error(`${scenario.name}: ${timing.rows[0]} rows generated, ${timing.rows[1]} hand-written`);
  }
  worst = Math.max(worst, timing.ratio);
  rows.push(
    `| ${scenario.name} | ${timing.rows[0]} | ${summary(plan)} | ${summary(plan) === handPlan ? 'the same' : handPlan} | ${timing.generated.toFixed(2)} ms | ${timing.hand.toFixed(2)} ms | ${timing.ratio.toFixed(2)}× |`,
  );
  console.log();
}

console.log(
  '| case | rows | generated plan | hand-written plan | generated | hand-written | median paired ratio (target ≤ 1.20×) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nworst ratio ${worst.toFixed(2)}×${worst > 1.2 ? ' ABOVE THE 1.20× TARGET' : ''}`);
await db.close();
