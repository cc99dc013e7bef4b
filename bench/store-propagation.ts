/**
 * How long a publish in one process takes to reach another: the time from calling `publish` to the other
 * store's `version` event, and the publish itself. Two stores on separate `pg` pools when
 * PORTAL_BENCH_DATABASE_URL names a PostgreSQL server, else one PGlite database. Notifications only: the
 * followers' poll is an hour away. Run: `node --import tsx bench/store-propagation.ts`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { PolicyInput } from 'portal-permissions';
import { createPolicyStore, type PolicyStore, type PolicyStoreDatabase } from 'portal-permissions/store';

const ROUNDS = 41;
const url = process.env.PORTAL_BENCH_DATABASE_URL;

const base = {
  tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount' } },
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
} satisfies PolicyInput;
const toggled = (active: boolean): PolicyInput => ({
  ...base,
  tablePermissions: base.tablePermissions.map((permission) =>
    permission.name === 'Company orders' ? { ...permission, active } : permission,
  ),
});

function nextVersion(store: PolicyStore): Promise<number> {
  return new Promise((resolve) => {
    const stop = store.subscribe((event) => {
      if (event.type !== 'version') return;
      stop();
      resolve(performance.now());
    });
  });
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]!;

async function main(): Promise<void> {
  const pools: pg.Pool[] = url
    ? [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })]
    : [];
  const pglite = url ? undefined : new PGlite();
  const [one, two]: PolicyStoreDatabase[] = url ? pools : [pglite!, pglite!];
  const names = {
    table: `bench_versions_${process.pid}`,
    channel: `bench_${process.pid}`,
    pollIntervalMs: 3_600_000,
  };
  const writer = await createPolicyStore(one!, names);
  const follower = await createPolicyStore(two!, names);
  const reason = { allowWiden: true, reason: 'benchmark' } as const;
  await writer.publish(base, { author: 'bench', comment: 'first', baseVersion: null, ...reason });
  const reach: number[] = [];
  const publish: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const arrived = nextVersion(follower);
    const start = performance.now();
    await writer.publish(toggled(round % 2 === 1), {
      author: 'bench',
      comment: `round ${round}`,
      baseVersion: writer.current().version,
      ...reason,
    });
    publish.push(performance.now() - start);
    reach.push((await arrived) - start);
  }
  const row = (name: string, values: number[]) =>
    `| ${name} | ${percentile(values, 0.5).toFixed(1)} | ${percentile(values, 0.95).toFixed(1)} | ${Math.max(...values).toFixed(1)} |`;
  console.log(`${url ? 'PostgreSQL, two pg pools' : 'PGlite, one database'}; ${ROUNDS} publishes\n`);
  console.log('| ms | median | p95 | max |\n|---|---|---|---|');
  console.log(row('publish (validate, review, write, notify)', publish));
  console.log(row('publish call to the other store serving it', reach));
  await writer.close();
  await follower.close();
  await one!.query(`DROP TABLE ${names.table}`);
  await Promise.all(pools.map((pool) => pool.end()));
  await pglite?.close();
}

await main();
