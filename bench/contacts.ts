/**
 * Record checks and ability builds for portal contacts on the seed workload:
 * 1,000 accounts × 10 contacts, 200,000 orders, 1-3 roles per contact.
 * Run: `npm run bench` (or `node --expose-gc --import tsx bench/contacts.ts`).
 */
import { subject as caslSubject, createMongoAbility } from '@casl/ability';
import { abilityFor, definePolicy, subject } from 'portal-permissions';
import { compare, table } from './harness.js';

const ACCOUNTS = 1000;
const CONTACTS_PER_ACCOUNT = 10;
const ORDERS = 200_000;
const ENTITIES = ['usmf', 'usrt'];

let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const policy = definePolicy({
  tables: {
    salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' },
    salesorderline: { parent: { salesorder: 'salesOrderId' } },
    terms: {},
  },
  webRoles: [
    { name: 'Customer representative' },
    { name: 'Authorized user' },
    { name: 'Reviewer' },
    { name: 'Authenticated users', authenticatedUsers: true },
  ],
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
      privileges: ['read', 'create'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Lines',
      table: 'salesorderline',
      scope: 'parent',
      parent: 'My orders',
      privileges: ['read'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Reviewed orders',
      table: 'salesorder',
      scope: 'contact',
      privileges: ['write'],
      webRoles: ['Reviewer'],
    },
    {
      name: 'Terms',
      table: 'terms',
      scope: 'global',
      privileges: ['read'],
      webRoles: ['Authenticated users'],
    },
  ],
});

const roleSets = [
  ['Authorized user'],
  ['Customer representative', 'Authorized user'],
  ['Customer representative', 'Authorized user', 'Reviewer'],
];
const contacts = Array.from({ length: ACCOUNTS * CONTACTS_PER_ACCOUNT }, (_, index) => ({
  kind: 'contact' as const,
  id: `c${index}`,
  accountId: `A${Math.floor(index / CONTACTS_PER_ACCOUNT)}`,
  legalEntity: ENTITIES[Math.floor(index / CONTACTS_PER_ACCOUNT) % 2]!,
  webRoles: pick(roleSets),
}));
const orders = Array.from({ length: ORDERS }, (_, index) => {
  const contact = pick(contacts);
  return {
    id: `SO${index}`,
    orderedBy: contact.id,
    customerAccount: contact.accountId,
    company: contact.legalEntity,
  };
});

// The measured principal holds a contact-scoped and an account-scoped permission (the workload).
const probe = contacts.find((contact) => contact.webRoles.length === 2)!;
// Rows are tagged in place, as a host tags the rows its driver returns. (Tagging a spread copy,
// `subject(t, { ...row })`, leaves V8 objects whose every property read costs ~200 ns: avoid it in hot loops.)
const tagged = orders.map((order) => subject('salesorder', order));
const ours = abilityFor(policy, probe);
const casl = createMongoAbility([
  { action: 'read', subject: 'salesorder', conditions: { orderedBy: probe.id } },
  {
    action: 'read',
    subject: 'salesorder',
    conditions: { customerAccount: probe.accountId, company: probe.legalEntity },
  },
]);
const handWritten = (order: (typeof orders)[number]) =>
  order.orderedBy === probe.id ||
  (order.customerAccount === probe.accountId && order.company === probe.legalEntity);
// Rows nobody tagged, for `ability.check`, with their own copy of the predicate: one function seeing both
// shapes of row would be polymorphic and slower than either loop on its own.
const untagged = orders.map((order) => ({ ...order }));
const handWrittenUntagged = (order: (typeof orders)[number]) =>
  order.orderedBy === probe.id ||
  (order.customerAccount === probe.accountId && order.company === probe.legalEntity);

// One loop per variant, written out: a shared loop would make its call site megamorphic and slow
// every variant down alike, hiding the differences this benchmark is for.
type Tagged = (typeof tagged)[number];
function countHandWritten(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (handWritten(tagged[i]!)) allowed++;
  return allowed;
}
function countOurs(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (ours.can('read', tagged[i]! as Tagged)) allowed++;
  return allowed;
}
function countHandWrittenUntagged(): number {
  let allowed = 0;
  for (let i = 0; i < untagged.length; i++) if (handWrittenUntagged(untagged[i]!)) allowed++;
  return allowed;
}
function countCheck(): number {
  let allowed = 0;
  for (let i = 0; i < untagged.length; i++) if (ours.check('read', 'salesorder', untagged[i]!)) allowed++;
  return allowed;
}
function countCasl(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (casl.can('read', tagged[i]!)) allowed++;
  return allowed;
}
const rowOf = (order: (typeof orders)[number]) => ({
  id: order.id,
  orderedBy: order.orderedBy,
  customerAccount: order.customerAccount,
  company: order.company,
});
function tagAll(): number {
  let tags = 0;
  for (let i = 0; i < orders.length; i++) tags += caslSubject('salesorder', rowOf(orders[i]!)) ? 1 : 0;
  return tags;
}
function copyAll(): number {
  let copies = 0;
  for (let i = 0; i < orders.length; i++) copies += rowOf(orders[i]!) ? 1 : 0;
  return copies;
}

const expected = countHandWritten();
for (const [name, got] of [
  ['ours', countOurs()],
  ['check', countCheck()],
  ['hand-written, untagged', countHandWrittenUntagged()],
  ['casl', countCasl()],
] as const) {
  if (got !== expected)
    throw new Error(`${name} allows ${got} orders, the hand-written predicate ${expected}`);
}

const checks = compare([
  { name: 'hand-written predicate', operations: ORDERS, round: countHandWritten },
  { name: 'portal-permissions can()', operations: ORDERS, round: countOurs },
  { name: 'hand-written predicate, untagged rows', operations: ORDERS, round: countHandWrittenUntagged },
  { name: 'portal-permissions check(), untagged rows', operations: ORDERS, round: countCheck },
  { name: 'raw CASL createMongoAbility', operations: ORDERS, round: countCasl },
  { name: 'new row object (baseline for tagging)', operations: ORDERS, round: copyAll },
  { name: 'new row object + subject() tagging', operations: ORDERS, round: tagAll },
]);

const BUILD_BATCH = 2000;
const builds = compare(
  [
    {
      name: 'abilityFor(contact)',
      operations: BUILD_BATCH,
      round: () => {
        let rules = 0;
        for (let i = 0; i < BUILD_BATCH; i++) rules += abilityFor(policy, contacts[i]!).rules.length;
        return rules;
      },
    },
    {
      name: 'abilityFor + first check',
      operations: BUILD_BATCH,
      round: () => {
        let allowed = 0;
        for (let i = 0; i < BUILD_BATCH; i++)
          allowed += abilityFor(policy, contacts[i]!).can('read', tagged[i]!) ? 1 : 0;
        return allowed;
      },
    },
    {
      name: 'raw CASL createMongoAbility (2 rules)',
      operations: BUILD_BATCH,
      round: () => {
        let rules = 0;
        for (let i = 0; i < BUILD_BATCH; i++) {
          const contact = contacts[i]!;
          rules += createMongoAbility([
            { action: 'read', subject: 'salesorder', conditions: { orderedBy: contact.id } },
            {
              action: 'read',
              subject: 'salesorder',
              conditions: { customerAccount: contact.accountId, company: contact.legalEntity },
            },
          ]).rules.length;
        }
        return rules;
      },
    },
  ],
  9,
);

function bytesPerAbility(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const count = 5000;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  for (let i = 0; i < count; i++) {
    const ability = abilityFor(policy, contacts[i]!);
    ability.can('read', tagged[i]!);
    kept.push(ability);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  return kept.length ? Math.round((after - before) / count) : undefined;
}

const bytes = bytesPerAbility();
const [hand, mine, handUntagged, check, raw] = checks;
console.log(
  `## Portal contacts: record checks (${ORDERS.toLocaleString('en')} orders, ${contacts.length.toLocaleString('en')} contacts)\n`,
);
console.log(table(checks, 'hand-written predicate'));
const canRatio = mine!.medianNs / hand!.medianNs;
const checkRatio = check!.medianNs / handUntagged!.medianNs;
const verdict = (ratio: number, target: number) => (ratio <= target ? 'holds' : 'MISSED');
console.log(
  `\nportal-permissions is ${(raw!.medianNs / mine!.medianNs).toFixed(1)}× faster than raw CASL; can() is ${canRatio.toFixed(2)}× the hand-written predicate (target ≤ 1.2×: ${verdict(canRatio, 1.2)}), check() ${checkRatio.toFixed(2)}× it on untagged rows (target ≤ 1.1×: ${verdict(checkRatio, 1.1)}).\n`,
);
console.log('## Portal contacts: building an ability\n');
console.log(table(builds, 'abilityFor(contact)', 'µs'));
console.log(
  `\nbytes per ability (after one check): ${bytes === undefined ? 'run with --expose-gc' : bytes.toLocaleString('en')}`,
);
