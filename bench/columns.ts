/**
 * Column security: a field check against a row check on the same records (issue 16 target: a field check
 * costs at most 2× a row check). 20,000 orders, an Authorized user and a representative.
 * Run: `npm run bench -- columns` (or `node --import tsx bench/columns.ts` after `npm run build`).
 */
import { abilityFor, definePolicy, pickPermitted, subject } from 'portal-permissions';
import { compare, table } from './harness.js';

const ORDERS = 20_000;
const FIELDS = ['id', 'orderedBy', 'customerAccount', 'company', 'status', 'price', 'total'];

const policy = definePolicy({
  tables: {
    salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company', fields: FIELDS },
  },
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
      privileges: ['read', 'create'],
      webRoles: ['Authorized user'],
    },
  ],
  columnPermissions: [
    {
      name: 'Orders without prices',
      table: 'salesorder',
      webRoles: ['Authorized user'],
      allColumns: ['read', 'create'],
      columns: { price: [], total: [] },
    },
    {
      name: 'Orders with prices',
      table: 'salesorder',
      webRoles: ['Customer representative'],
      allColumns: ['read'],
    },
  ],
});

const jane = abilityFor(policy, {
  kind: 'contact',
  id: 'c1',
  accountId: 'A1',
  legalEntity: 'usmf',
  webRoles: ['Authorized user'],
});
const rita = abilityFor(policy, {
  kind: 'contact',
  id: 'c2',
  accountId: 'A1',
  legalEntity: 'usmf',
  webRoles: ['Customer representative'],
});
const orders = Array.from({ length: ORDERS }, (_, index) =>
  subject('salesorder', {
    id: `SO-${index}`,
    orderedBy: `c${index % 4}`,
    customerAccount: `A${index % 3}`,
    company: 'usmf',
    status: 'open',
    price: index,
    total: index * 1.2,
  }),
);

const count = (check: (order: (typeof orders)[number]) => boolean) => () => {
  let allowed = 0;
  for (const order of orders) if (check(order)) allowed++;
  return allowed;
};

const results = compare(
  [
    { name: 'row check (Authorized user)', operations: ORDERS, round: count((o) => jane.can('read', o)) },
    {
      name: 'field check, granted column',
      operations: ORDERS,
      round: count((o) => jane.can('read', o, 'status')),
    },
    {
      name: 'field check, hidden column',
      operations: ORDERS,
      round: count((o) => jane.can('read', o, 'price')),
    },
    { name: 'row check (representative)', operations: ORDERS, round: count((o) => rita.can('read', o)) },
    {
      name: 'field check (representative)',
      operations: ORDERS,
      round: count((o) => rita.can('read', o, 'price')),
    },
    {
      name: 'pickPermitted (7 fields)',
      operations: ORDERS,
      round: count((o) => Object.keys(pickPermitted(jane, 'read', o)).length > 0),
    },
  ],
  15,
);
console.log(table(results, 'row check (Authorized user)'));
