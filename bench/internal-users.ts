/**
 * Internal users on a large organization: 10,000 business units (depth 6), 50 security roles, a user holding
 * 5 roles and 3 teams. Measures building the ability and a record check against a hand-written predicate
 * for the same rules, in the same run.
 * Run: `node --import tsx bench/internal-users.ts` (or `npm run bench internal`); with `BENCH_HIERARCHY=1`
 * the user also manages 20 people over three levels (hierarchy security).
 */

import { Ability } from '@casl/ability';
import {
  type AccessLevel,
  abilityFor,
  definePolicy,
  type PolicyInput,
  subject,
  type UserPrincipal,
} from 'portal-permissions';
import { compare, table } from './harness.js';

const UNITS = 10_000;
const BRANCHING = 5;
const ROLES = 50;
const RECORDS = 100_000;

let seed = 7;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Breadth-first with 5 children per unit: levels 0-5 hold 3,906 units, level 6 the remaining 6,094.
const businessUnits = Array.from({ length: UNITS }, (_, i) =>
  i === 0 ? { id: 'bu0' } : { id: `bu${i}`, parent: `bu${Math.floor((i - 1) / BRANCHING)}` },
);
const TABLES = ['account', 'salesorder', 'invoice', 'contact'] as const;
const LEVELS: readonly AccessLevel[] = [
  'none',
  'user',
  'businessUnit',
  'parentChildBusinessUnits',
  'organization',
];
const PRIVILEGES = ['create', 'read', 'write', 'delete', 'append', 'appendTo', 'assign', 'share'] as const;

const randomPrivileges = () =>
  Object.fromEntries(PRIVILEGES.map((privilege) => [privilege, pick(LEVELS.slice(0, 4))]));
// The user's roles are fixed so the hand-written predicate can restate them; the other 45 are random.
const userRoles: Record<string, Partial<Record<(typeof PRIVILEGES)[number], AccessLevel>>> = {
  'Role 0': { read: 'user', write: 'user', create: 'user' },
  'Role 1': { read: 'businessUnit', append: 'businessUnit' },
  'Role 2': { read: 'parentChildBusinessUnits', assign: 'businessUnit' },
  'Role 3': { write: 'businessUnit', share: 'user' },
  'Role 4': { read: 'user', delete: 'user' },
};
const securityRoles = Array.from({ length: ROLES }, (_, i) => {
  const name = `Role ${i}`;
  const fixed = userRoles[name];
  return {
    name,
    privileges: Object.fromEntries(
      TABLES.map((tableName) => [
        tableName,
        tableName === 'salesorder' && fixed ? fixed : randomPrivileges(),
      ]),
    ),
  };
});
const tableDefinition = {
  owner: 'ownerId',
  businessUnit: 'owningBusinessUnitId',
  shares: 'sharedWith',
} as const;
// Team roles on sales orders: business-unit read, relative to each team's unit (D16).
securityRoles.push({ name: 'Team reader', privileges: { salesorder: { read: 'businessUnit' } } } as never);
const teamUnits = ['bu7', 'bu1234', 'bu9000'];
const input: PolicyInput = {
  tables: Object.fromEntries(TABLES.map((name) => [name, tableDefinition])),
  businessUnits,
  securityRoles,
  teams: teamUnits.map((unit, i) => ({
    id: `team${i}`,
    businessUnitId: unit,
    type: 'owner',
    securityRoles: ['Team reader'],
  })),
};
// BENCH_HIERARCHY=1: hierarchy security on, the user managing 20 people over three levels (SPEC 2.7).
const HIERARCHY = process.env.BENCH_HIERARCHY === '1';
const people = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `user${from + i}`);
const reports = { direct: people(0, 5), indirect: [people(5, 15), people(15, 20)] };
const policy = definePolicy(HIERARCHY ? { ...input, hierarchy: { model: 'manager' } } : input);

const userUnit = 'bu3'; // depth 1: its subtree holds ~2,000 units
const user: UserPrincipal = {
  kind: 'user',
  id: 'me',
  businessUnitId: userUnit,
  securityRoles: Object.keys(userRoles),
  teams: ['team0', 'team1', 'team2'],
  licensed: true,
  ...(HIERARCHY ? { reports } : {}),
};

// The hand-written predicate for read on sales orders, from the same roles, fused by hand.
const owners = new Set(['me', 'team0', 'team1', 'team2']);
// Read reaches rows of every report within the default depth of 3: all 20.
const readableOwners = new Set([...owners, ...(HIERARCHY ? reports.direct.concat(...reports.indirect) : [])]);
const subtree = new Set<string>([userUnit]);
for (const unit of businessUnits)
  if (unit.parent !== undefined && subtree.has(unit.parent)) subtree.add(unit.id);
const units = new Set([...subtree, ...teamUnits]);
const grantees = new Set(['me', 'team0', 'team1', 'team2']);
type Order = {
  ownerId: string;
  owningBusinessUnitId: string;
  sharedWith?: { principal: string; privileges: string[] }[];
};
const handWritten = (order: Order): boolean => {
  if (readableOwners.has(order.ownerId) && Object.hasOwn(order, 'ownerId')) return true;
  if (units.has(order.owningBusinessUnitId) && Object.hasOwn(order, 'owningBusinessUnitId')) return true;
  // The shares are read as the two fields above are (own properties; a malformed share denies, not throws).
  const shares = order.sharedWith;
  if (!Array.isArray(shares) || !Object.hasOwn(order, 'sharedWith')) return false;
  for (const share of shares)
    if (
      grantees.has(share.principal) &&
      Object.hasOwn(share, 'principal') &&
      Array.isArray(share.privileges) &&
      share.privileges.includes('read')
    )
      return true;
  return false;
};
// The earlier, lighter baseline: its shares are read without the own-property checks the library must make.
// Kept so that the ratio against it stays visible next to the ratio against the equivalent predicate.
const handWrittenLight = (order: Order): boolean => {
  if (readableOwners.has(order.ownerId) && Object.hasOwn(order, 'ownerId')) return true;
  if (units.has(order.owningBusinessUnitId) && Object.hasOwn(order, 'owningBusinessUnitId')) return true;
  const shares = order.sharedWith;
  if (!Array.isArray(shares)) return false;
  for (const share of shares)
    if (grantees.has(share.principal) && share.privileges.includes('read')) return true;
  return false;
};

const compiledRules = abilityFor(policy, user).rules;
// Builds are measured before the 100,000 test orders exist, so their garbage does not tax the builds.
const probes = Array.from({ length: 500 }, (_, i) =>
  subject('salesorder', { ownerId: `user${i}`, owningBusinessUnitId: `bu${i * 17}` }),
);
const BUILD_BATCH = 500;
const builds = compare(
  [
    {
      name: 'abilityFor(user)',
      operations: BUILD_BATCH,
      round: () => {
        let rules = 0;
        for (let i = 0; i < BUILD_BATCH; i++) rules += abilityFor(policy, user).rules.length;
        return rules;
      },
    },
    {
      name: 'abilityFor(user) + first check',
      operations: BUILD_BATCH,
      round: () => {
        let allowed = 0;
        for (let i = 0; i < BUILD_BATCH; i++)
          allowed += abilityFor(policy, user).can('read', probes[i]!) ? 1 : 0;
        return allowed;
      },
    },
    {
      // A load-independent yardstick: CASL alone indexing the same raw rules, with no compiling at all.
      name: 'new Ability(same rules), CASL only',
      operations: BUILD_BATCH,
      round: () => {
        let rules = 0;
        for (let i = 0; i < BUILD_BATCH; i++)
          rules += new Ability(compiledRules as never, { conditionsMatcher: () => () => true }).rules.length;
        return rules;
      },
    },
  ],
  15,
  3,
);

const orders: Order[] = Array.from({ length: RECORDS }, (_, i) => {
  const order: Order = {
    ownerId: random() < 0.05 ? pick([...owners]) : `user${i % 977}`,
    owningBusinessUnitId: random() < 0.3 ? pick([...subtree]) : `bu${Math.floor(random() * UNITS)}`,
  };
  if (random() < 0.1)
    order.sharedWith = [{ principal: pick(['me', 'team1', 'other']), privileges: ['read'] }];
  return order;
});
const tagged = orders.map((order) => subject('salesorder', order));
const ability = abilityFor(policy, user);
type Tagged = (typeof tagged)[number];

function countHandWritten(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (handWritten(tagged[i]!)) allowed++;
  return allowed;
}
function countHandWrittenLight(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (handWrittenLight(tagged[i]!)) allowed++;
  return allowed;
}
function countOurs(): number {
  let allowed = 0;
  for (let i = 0; i < tagged.length; i++) if (ability.can('read', tagged[i]! as Tagged)) allowed++;
  return allowed;
}
const expected = countHandWritten();
if (countOurs() !== expected)
  throw new Error(`ability allows ${countOurs()} orders, the hand-written predicate ${expected}`);

const checks = compare(
  [
    { name: 'hand-written predicate', operations: RECORDS, round: countHandWritten },
    { name: 'ability.can(read, order)', operations: RECORDS, round: countOurs },
    {
      name: 'hand-written, shares unchecked (earlier baseline)',
      operations: RECORDS,
      round: countHandWrittenLight,
    },
  ],
  21,
  5,
);

const [hand, ours, light] = checks;
if (countHandWrittenLight() !== expected) throw new Error('the two hand-written predicates disagree');
console.log(
  `## Internal users: record checks (${RECORDS.toLocaleString('en')} orders, ${UNITS.toLocaleString('en')} business units, depth 6, ${ROLES} roles; user with 5 roles and 3 teams${HIERARCHY ? ', manager of 20' : ''}; ${ability.rules.length} rules)\n`,
);
console.log(table(checks, 'hand-written predicate'));
const ratio = ours!.medianNs / hand!.medianNs;
const build = builds.find((result) => result.name === 'abilityFor(user)')!.medianNs / 1000;
console.log(
  `\nability.can is ${ratio.toFixed(2)}× the hand-written predicate; ${expected.toLocaleString('en')} orders readable.\n`,
);
console.log('## Internal users: building an ability\n');
console.log(table(builds, 'abilityFor(user)', 'µs'));
console.log('\n| internal users | measured | target | |');
console.log('|---|---|---|---|');
console.log(
  `| build (abilityFor) | ${build.toFixed(2)} µs | ≤ 20 µs | ${build <= 20 ? 'holds' : 'MISSED'} |`,
);
console.log(
  `| warm check vs hand-written predicate | ${ratio.toFixed(2)}× | ≤ 1.5× | ${ratio <= 1.5 ? 'holds' : 'MISSED'} |`,
);
const lightRatio = ours!.medianNs / light!.medianNs;
console.log(
  `| warm check vs the earlier, lighter baseline | ${lightRatio.toFixed(2)}× | ≤ 1.5× | ${lightRatio <= 1.5 ? 'holds' : 'MISSED'} |`,
);
