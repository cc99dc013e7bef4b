/**
 * Listing with SQL filters in PGlite (PostgreSQL in process): 1,000,000 orders, indexes on the
 * relationship columns. For a contact-scoped and an account-scoped principal: the plan uses an index,
 * the generated filter runs as fast as the hand-written WHERE for the same rows (same run, interleaved),
 * and generating the fragment takes microseconds. The Kysely and Drizzle filters get the very same plan.
 * Run: `node --import tsx bench/sql.ts` (or `npm run bench sql`).
 */
import { PGlite } from '@electric-sql/pglite';
import { PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { abilityFor, accessibleWhere, definePolicy, type Principal } from 'portal-permissions';
import { whereAccessible as drizzleWhere } from 'portal-permissions/drizzle';
import { whereAccessible as kyselyWhere } from 'portal-permissions/kysely';
import { compare } from './harness.js';

const ORDERS = 1_000_000;
const CONTACTS = 10_000;
const ACCOUNTS = 1_000;
const ROUNDS = 101;

const policy = definePolicy({
  tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
  webRoles: [{ name: 'Customer representative' }, { name: 'Authorized user' }],
  tablePermissions: [
    {
      name: 'Company orders',
      table: 'salesorder',
      scope: 'account',
      privileges: ['read'],
      webRoles: ['Customer representative'],
    },
    {
      name: 'My orders',
      table: 'salesorder',
      scope: 'contact',
      privileges: ['read'],
      webRoles: ['Authorized user'],
    },
  ],
});

interface Scenario {
  readonly name: string;
  readonly principal: Principal;
  readonly handWritten: { readonly sql: string; readonly params: string[] };
}

const scenarios: readonly Scenario[] = [
  {
    name: 'contact scope',
    principal: {
      kind: 'contact',
      id: 'c42',
      accountId: 'A42',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
    },
    handWritten: { sql: '"orderedBy" = $1', params: ['c42'] },
  },
  {
    name: 'account scope',
    principal: {
      kind: 'contact',
      id: 'c43',
      accountId: 'A42',
      legalEntity: 'usmf',
      webRoles: ['Customer representative'],
    },
    handWritten: { sql: '"customerAccount" = $1 AND company = $2', params: ['A42', 'usmf'] },
  },
];

async function setUp(): Promise<PGlite> {
  const db = new PGlite();
  await db.exec(`
    CREATE TABLE salesorder (id text PRIMARY KEY, "orderedBy" text, "customerAccount" text, company text, total integer);
    INSERT INTO salesorder
      SELECT 'SO-' || g, 'c' || (g % ${CONTACTS}), 'A' || (g % ${ACCOUNTS}),
             CASE WHEN g % 2 = 0 THEN 'usmf' ELSE 'usrt' END, g % 997
      FROM generate_series(1, ${ORDERS}) AS g;
    CREATE INDEX salesorder_ordered_by ON salesorder ("orderedBy");
    CREATE INDEX salesorder_account ON salesorder ("customerAccount", company);
    ANALYZE salesorder;
  `);
  return db;
}

/** Kysely and Drizzle, only to compile their statements: the plans are compared with accessibleWhere's. */
const kysely = new Kysely<{ salesorder: { id: string } }>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const salesorder = pgTable('salesorder', {
  id: text('id'),
  orderedBy: text('orderedBy'),
  customerAccount: text('customerAccount'),
  company: text('company'),
});

async function planOf(db: PGlite, sql: string, params: readonly unknown[]): Promise<string[]> {
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [...params]);
  return plan.rows.map((row) => row['QUERY PLAN']);
}

const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/**
 * Runs the queries round after round, alternating their order, and reports each one's median time and the
 * median of the per-round ratio to the last query (paired, so drift on a shared machine cancels out).
 */
async function timeQueries(db: PGlite, queries: readonly { sql: string; params: unknown[] }[]) {
  const samples = queries.map(() => [] as number[]);
  const ratios = queries.map(() => [] as number[]);
  const counts = queries.map(() => 0);
  const baseline = queries.length - 1;
  for (let round = -5; round < ROUNDS; round++) {
    const order = queries.map((_, index) => index);
    if (round % 2 !== 0) order.reverse();
    const elapsed: number[] = [];
    for (const index of order) {
      const query = queries[index]!;
      const start = process.hrtime.bigint();
      const { rows } = await db.query(query.sql, query.params);
      elapsed[index] = Number(process.hrtime.bigint() - start) / 1e6;
      counts[index] = rows.length;
    }
    if (round < 0) continue;
    elapsed.forEach((ms, index) => {
      samples[index]!.push(ms);
      ratios[index]!.push(ms / elapsed[baseline]!);
    });
  }
  return queries.map((_, index) => ({
    medianMs: median(samples[index]!),
    ratio: median(ratios[index]!),
    rows: counts[index]!,
  }));
}

const started = Date.now();
const db = await setUp();
console.log(
  `PGlite: ${ORDERS.toLocaleString('en')} orders loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);

const rows: string[] = [];
for (const scenario of scenarios) {
  const ability = abilityFor(policy, scenario.principal);
  const filter = accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' });
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT * FROM salesorder WHERE ${filter.sql}`,
    filter.params,
  );
  const planLines = plan.rows.map((row) => row['QUERY PLAN']);
  // The query builders' filters are the same SQL, so they must get the same plan (the same index).
  const viaKysely = kysely
    .selectFrom('salesorder')
    .selectAll()
    .where(kyselyWhere(ability, 'read', 'salesorder', { dialect: 'postgres' }))
    .compile();
  const viaDrizzle = new PgDialect().sqlToQuery(drizzleWhere(ability, 'read', 'salesorder', { salesorder }));
  for (const [builder, builderPlan] of [
    ['Kysely', await planOf(db, viaKysely.sql, viaKysely.parameters)],
    ['Drizzle', await planOf(db, `SELECT * FROM salesorder WHERE ${viaDrizzle.sql}`, viaDrizzle.params)],
  ] as const) {
    if (JSON.stringify(builderPlan) !== JSON.stringify(planLines)) {
      throw new Error(`${scenario.name}: the ${builder} filter's plan differs:\n${builderPlan.join('\n')}`);
    }
  }
  const indexLine = planLines.find((line) => /Index/.test(line)) ?? 'NO INDEX SCAN';
  console.log(`${scenario.name}: WHERE ${filter.sql}   params ${JSON.stringify(filter.params)}`);
  for (const line of planLines) console.log(`  ${line}`);

  const [generated, hand] = await timeQueries(db, [
    { sql: `SELECT * FROM salesorder WHERE ${filter.sql}`, params: filter.params },
    {
      sql: `SELECT * FROM salesorder WHERE ${scenario.handWritten.sql}`,
      params: scenario.handWritten.params,
    },
  ]);
  if (generated!.rows !== hand!.rows)
    throw new Error(`${scenario.name}: ${generated!.rows} rows vs ${hand!.rows}`);

  const [fragment] = compare(
    [
      {
        name: 'accessibleWhere',
        operations: 1000,
        round: () => {
          let length = 0;
          for (let i = 0; i < 1000; i++)
            length += accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' }).sql.length;
          return length;
        },
      },
    ],
    25,
  );
  rows.push(
    `| ${scenario.name} | ${indexLine
      .trim()
      .replace(/\s+\(cost.*$/, '')
      .replace(
        /^->\s*/,
        '',
      )} | ${generated!.rows} | ${generated!.medianMs.toFixed(2)} ms | ${hand!.medianMs.toFixed(2)} ms | ${generated!.ratio.toFixed(2)}× | ${(fragment!.medianNs / 1000).toFixed(2)} µs |`,
  );
  console.log();
}

console.log(
  '| principal | plan | rows | generated WHERE | hand-written WHERE | median paired ratio (target ≤ 1.20×) | fragment (target < 20 µs) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
await db.close();
