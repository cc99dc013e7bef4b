/**
 * A large policy (issue 32 item 3): 10,000 table permissions over 1,000 web roles and 200 tables (contact,
 * account and global scopes, and parent chains onto child tables). Measures `definePolicy`, the first
 * ability of a contact holding 20 roles (its template compiled), later abilities of that shape (the template
 * reused; eight shapes in turn, and fifty), an `AbilityCache` hit, and the cache's heap per entry and its
 * bound. Each measurement runs in a fresh process of its own (`node bench/large-policy.ts <part>`), so the
 * heap one leaves never taxes another; times are CPU time. Run: `npm run bench large-policy`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AbilityCache, abilityFor, definePolicy, type PolicyInput, subject } from 'portal-permissions';

const ROLES = 1_000;
const PERMISSIONS = 10_000;
const TABLES = 100;
const HELD = 20;

type Privilege = 'read' | 'write' | 'create';
const PRIVILEGES: readonly (readonly Privilege[])[] = [['read'], ['read', 'write'], ['create', 'read']];
const SCOPES = ['global', 'contact', 'account'] as const;
const topTable = (i: number) => `t${(i * 7) % TABLES}`;

/** The policy input: each role holds ten permissions; every fifth permission is a child of the one before. */
function largeInput(): PolicyInput {
  const tables: Record<string, unknown> = {};
  for (let k = 0; k < TABLES; k++) {
    tables[`t${k}`] = { contact: 'contactId', account: 'accountId' };
    tables[`l${k}`] = { parent: { [`t${k}`]: 'parentId' } };
  }
  const tablePermissions = Array.from({ length: PERMISSIONS }, (_, i) => {
    const common = { name: `p${i}`, privileges: [...PRIVILEGES[i % 3]!] };
    // A child lists no web role: it takes its chain's.
    if (i % 5 === 4) {
      const parentTable = topTable(i - 1);
      return { ...common, table: `l${parentTable.slice(1)}`, scope: 'parent', parent: `p${i - 1}` };
    }
    const webRoles = [`role ${i % ROLES}`];
    return { ...common, webRoles, table: topTable(i), scope: SCOPES[Math.floor(i / 5) % 3]! };
  });
  const webRoles = Array.from({ length: ROLES }, (_, i) => ({ name: `role ${i}` }));
  return { tables, webRoles, tablePermissions } as PolicyInput;
}

/** A contact holding 20 roles; `shape` picks the roles, `id` the contact and its account. */
const contactOf = (shape: number, id: number) => ({
  kind: 'contact' as const,
  id: `c${id}`,
  accountId: `A${id % 997}`,
  webRoles: Array.from({ length: HELD }, (_, j) => `role ${(shape * 31 + j * 53) % ROLES}`),
});
const rowOf = (id: number) => subject('t0', { id: `r${id}`, contactId: `c${id}`, accountId: `A${id % 997}` });

const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
let sink = 0;

const parts: Record<string, () => Record<string, number>> = {
  define() {
    const input = largeInput();
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = process.cpuUsage();
      sink += definePolicy(input).tablePermissions.length;
      times.push(cpuMs(start));
    }
    return { defineMs: median(times), defineMaxMs: Math.max(...times) };
  },
  first() {
    const policy = definePolicy(largeInput());
    const build: number[] = [];
    const withCheck: number[] = [];
    const withRules: number[] = [];
    // Each shape once: its template is compiled by this very call. A third of the shapes are checked at
    // once, a third have their rules written out at once (what reading `rules` or CASL's index costs).
    for (let shape = 0; shape < 90; shape++) {
      const start = process.cpuUsage();
      const ability = abilityFor(policy, contactOf(shape, shape));
      if (shape % 3 === 1) sink += ability.can('read', rowOf(shape)) ? 1 : 0;
      if (shape % 3 === 2) sink += ability.rules.length;
      [build, withCheck, withRules][shape % 3]!.push(cpuMs(start));
      sink += ability.rules.length;
    }
    return {
      firstMs: median(build),
      firstMaxMs: Math.max(...build),
      firstCheckMs: median(withCheck),
      firstRulesMs: median(withRules),
      rules: abilityFor(policy, contactOf(0, 1)).rules.length,
    };
  },
  later() {
    const policy = definePolicy(largeInput());
    const SHAPES = 8;
    const BATCH = 2_000;
    for (let shape = 0; shape < SHAPES; shape++) abilityFor(policy, contactOf(shape, 0));
    // Contacts of known shapes with ids never seen: the template is reused, the ids put in.
    const contacts = Array.from({ length: 20 * BATCH }, (_, i) => contactOf(i % SHAPES, 1_000 + i));
    const rows = contacts.map((_, i) => rowOf(i));
    const time = (round: (offset: number) => number) => {
      const samples: number[] = [];
      for (let r = 0; r < 20; r++) {
        const start = process.cpuUsage();
        sink += round((r % 20) * BATCH);
        samples.push((cpuMs(start) * 1e3) / BATCH);
      }
      return median(samples.slice(5));
    };
    const laterUs = time((offset) => {
      let n = 0;
      for (let i = offset; i < offset + BATCH; i++) n += abilityFor(policy, contacts[i]!) ? 1 : 0;
      return n;
    });
    const laterCheckUs = time((offset) => {
      let n = 0;
      for (let i = offset; i < offset + BATCH; i++)
        n += abilityFor(policy, contacts[i]!).can('read', rows[i]!) ? 1 : 0;
      return n;
    });
    // More shapes in turn than the templates used last are kept for (a server's many role combinations).
    const MANY = 50;
    for (let shape = 0; shape < MANY; shape++) abilityFor(policy, contactOf(shape, 0));
    const many = Array.from({ length: 20 * BATCH }, (_, i) => contactOf(i % MANY, 1_000 + i));
    const laterManyUs = time((offset) => {
      let n = 0;
      for (let i = offset; i < offset + BATCH; i++) n += abilityFor(policy, many[i]!) ? 1 : 0;
      return n;
    });
    const cache = new AbilityCache({ max: 20 * BATCH });
    for (const contact of contacts) cache.abilityFor(policy, contact);
    const hitUs = time((offset) => {
      let n = 0;
      for (let i = offset; i < offset + BATCH; i++) n += cache.abilityFor(policy, contacts[i]!) ? 1 : 0;
      return n;
    });
    return { laterUs, laterCheckUs, laterManyUs, hitUs };
  },
  memory() {
    const policy = definePolicy(largeInput());
    const MAX = 2_000;
    const cache = new AbilityCache({ max: MAX });
    const contacts = Array.from({ length: 5 * MAX }, (_, i) => contactOf(i % 50, i));
    // Templates and predicates of the 50 shapes are the policy's, not the cache's: made before the count.
    for (let shape = 0; shape < 50; shape++)
      abilityFor(policy, contactOf(shape, 0)).can('read', rowOf(shape));
    gc();
    const empty = process.memoryUsage().heapUsed;
    const fill = (from: number) => {
      for (let i = from; i < from + MAX; i++) cache.abilityFor(policy, contacts[i]!).can('read', rowOf(i));
      gc();
      return process.memoryUsage().heapUsed;
    };
    const full = fill(0);
    let largest = cache.size;
    let heapAfter = full;
    // Four more capacities' worth of new principals: the cache evicts, it never grows past its bound.
    for (let pass = 1; pass < 5; pass++) {
      heapAfter = fill(pass * MAX);
      largest = Math.max(largest, cache.size);
    }
    return {
      bytesPerEntry: (full - empty) / MAX,
      max: MAX,
      largestSize: largest,
      heapGrowthAfter4xKB: (heapAfter - full) / 1024,
    };
  },
};

const part = process.argv[2];
if (part !== undefined) {
  const measure = parts[part];
  if (measure === undefined) throw new Error(`no part ${part}: one of ${Object.keys(parts).join(', ')}`);
  const result = measure();
  if (sink === -1) console.log('unreachable');
  console.log(JSON.stringify(result));
} else {
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, number> = {};
  for (const name of Object.keys(parts)) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, name], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`part ${name} failed:\n${child.stderr}`);
    Object.assign(results, JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
  const verdict = (holds: boolean) => (holds ? 'holds' : 'MISSED');
  const r = results as Record<string, number>;
  console.log(
    `## Large policy (${PERMISSIONS.toLocaleString('en')} table permissions, ${ROLES.toLocaleString('en')} web roles, ${2 * TABLES} tables; a contact holds ${HELD} roles, ${r.rules} rules)\n`,
  );
  console.log('| measurement | median | worst | target | |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| definePolicy | ${r.defineMs!.toFixed(0)} ms | ${r.defineMaxMs!.toFixed(0)} ms | ≤ 500 ms | ${verdict(r.defineMs! <= 500)} |`,
  );
  console.log(
    `| first ability of a 20-role shape (template compiled) | ${r.firstMs!.toFixed(2)} ms | ${r.firstMaxMs!.toFixed(2)} ms | ≤ 5 ms | ${verdict(r.firstMs! <= 5)} |`,
  );
  console.log(`| the same + first check | ${r.firstCheckMs!.toFixed(2)} ms | | | |`);
  console.log(
    `| the same + its rules written out (\`ability.rules\`) | ${r.firstRulesMs!.toFixed(2)} ms | | | |`,
  );
  console.log(
    `| later ability of that shape (template reused) | ${r.laterUs!.toFixed(2)} µs | | ≤ 5 µs | ${verdict(r.laterUs! <= 5)} |`,
  );
  console.log(`| the same + first check | ${r.laterCheckUs!.toFixed(2)} µs | | | |`);
  console.log(`| later ability, 50 shapes in turn | ${r.laterManyUs!.toFixed(2)} µs | | | |`);
  console.log(`| AbilityCache hit | ${r.hitUs!.toFixed(2)} µs | | | |`);
  console.log(
    `| AbilityCache heap per entry (after one check) | ${(r.bytesPerEntry! / 1024).toFixed(2)} KB | | | |`,
  );
  console.log(
    `| AbilityCache size after 5 × max principals (max ${r.max}) | ${r.largestSize} | | ≤ ${r.max} | ${verdict(r.largestSize! <= r.max!)} |`,
  );
  console.log(
    `| heap growth over the last 4 × max principals | ${r.heapGrowthAfter4xKB!.toFixed(0)} KB | | | |`,
  );
}
