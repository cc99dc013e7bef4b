/**
 * The grant mixes of issue 35 for bench/listing.ts: the policies, the principals, and for each case the
 * WHERE a DBA writes by hand for the same rows with the same indexes.
 */
import { definePolicy, type Principal } from 'portal-permissions';

export const portal = definePolicy({
  tables: {
    salesorder: {
      contact: 'orderedBy',
      account: 'customerAccount',
      manyToMany: {
        followers: {
          links: 'contact',
          field: 'followerIds',
          intersect: 'order_follower',
          recordColumn: 'orderid',
          relatedColumn: 'contactid',
        },
      },
    },
    orderline: { contact: 'lineContact', parent: { salesorder: 'orderId' } },
  },
  webRoles: [{ name: 'Buyer' }, { name: 'Follower' }, { name: 'Bounded follower' }, { name: 'Line owner' }],
  tablePermissions: [
    { name: 'My orders', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['Buyer'] },
    {
      name: 'Lines of my orders',
      table: 'orderline',
      scope: 'parent',
      parent: 'My orders',
      privileges: ['read'],
      webRoles: ['Buyer'],
    },
    {
      name: 'Orders I follow',
      table: 'salesorder',
      scope: 'contact',
      relationship: 'followers',
      privileges: ['read'],
      webRoles: ['Follower'],
    },
    {
      name: 'Orders I follow in my account',
      table: 'salesorder',
      scope: 'contact',
      relationship: 'followers',
      within: 'account',
      privileges: ['read'],
      webRoles: ['Bounded follower'],
    },
    {
      name: 'My lines',
      table: 'orderline',
      scope: 'contact',
      privileges: ['read'],
      webRoles: ['Line owner'],
    },
  ],
});

const OWNED = { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' } as const;
const internal = definePolicy({
  tables: {
    account: { ...OWNED, shares: 'sharedWith', sql: { shares: { table: 'account_share' } } },
    salesorder: {
      ...OWNED,
      shares: 'sharedWith',
      parent: { account: 'accountId' },
      cascade: { account: { share: 'cascade' } },
      sql: { shares: { table: 'salesorder_share' } },
    },
  },
  businessUnits: [{ id: 'root' }, { id: 'sales', parent: 'root' }],
  securityRoles: [
    { name: 'Basic user', privileges: { account: { read: 'user' }, salesorder: { read: 'user' } } },
  ],
  teams: ['t1', 't2', 't3'].map((id) => ({ id, name: id, businessUnitId: 'sales', type: 'access' as const })),
});

const contact = (id: string, accountId: string, webRoles: string[]): Principal =>
  ({ kind: 'contact', id, accountId, webRoles }) as const;
const user: Principal = {
  kind: 'user',
  id: 'u7',
  businessUnitId: 'sales',
  securityRoles: ['Basic user'],
  teams: ['t1', 't2', 't3'],
  licensed: true,
};
const grantees = ['u7', 't1', 't2', 't3'];

export interface Case {
  readonly name: string;
  readonly table: 'salesorder' | 'orderline';
  readonly policy: typeof portal;
  readonly principal: Principal;
  /** What a DBA writes for the same rows: the same indexes, each grant as its own index-driven branch. */
  readonly handWritten: { readonly sql: string; readonly params: unknown[] };
}

// c7 of account A7: orders c7 placed, orders c7 follows (two links per order), lines of either.
export const cases: readonly Case[] = [
  {
    name: 'many-to-many contact scope, alone',
    table: 'salesorder',
    policy: portal,
    principal: contact('c7', 'A7', ['Follower']),
    handWritten: { sql: 'id IN (SELECT orderid FROM order_follower WHERE contactid = $1)', params: ['c7'] },
  },
  {
    name: 'parent chain (line → order), alone',
    table: 'orderline',
    policy: portal,
    principal: contact('c7', 'A7', ['Buyer']),
    handWritten: { sql: '"orderId" IN (SELECT id FROM salesorder WHERE "orderedBy" = $1)', params: ['c7'] },
  },
  {
    name: 'internal user: owner OR shares (user, 3 teams, cascaded from the account)',
    table: 'salesorder',
    policy: internal as unknown as typeof portal,
    principal: user,
    handWritten: {
      sql:
        'id IN (SELECT id FROM salesorder WHERE "ownerId" = $1 UNION ALL ' +
        "SELECT record FROM salesorder_share WHERE principal = ANY($2) AND privilege = 'read' UNION ALL " +
        'SELECT o.id FROM salesorder o JOIN account_share s ON s.record = o."accountId" ' +
        "WHERE s.principal = ANY($2) AND s.privilege = 'read')",
      params: ['u7', grantees],
    },
  },
  {
    name: 'contact: my orders OR orders I follow',
    table: 'salesorder',
    policy: portal,
    principal: contact('c7', 'A7', ['Buyer', 'Follower']),
    handWritten: {
      sql: 'id IN (SELECT id FROM salesorder WHERE "orderedBy" = $1 UNION ALL SELECT orderid FROM order_follower WHERE contactid = $1)',
      params: ['c7'],
    },
  },
  {
    name: "the same, following bounded within the contact's account",
    table: 'salesorder',
    policy: portal,
    principal: contact('c7', 'A7', ['Buyer', 'Bounded follower']),
    handWritten: {
      sql:
        'id IN (SELECT id FROM salesorder WHERE "orderedBy" = $1 UNION ALL SELECT o.id FROM order_follower f ' +
        'JOIN salesorder o ON o.id = f.orderid WHERE f.contactid = $1 AND o."customerAccount" = $2)',
      params: ['c7', 'A7'],
    },
  },
  {
    name: 'order lines: parent chain OR a contact scope on the line',
    table: 'orderline',
    policy: portal,
    principal: contact('c7', 'A7', ['Buyer', 'Line owner']),
    handWritten: {
      sql: 'id IN (SELECT id FROM orderline WHERE "lineContact" = $1 UNION ALL SELECT l.id FROM orderline l JOIN salesorder o ON o.id = l."orderId" WHERE o."orderedBy" = $1)',
      params: ['c7'],
    },
  },
];
