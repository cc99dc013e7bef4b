import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilityFor, accessibleWhere, type Principal, subject } from '../../src/index.js';
import { assertAgreesWithReference } from '../../src/testing/index.js';
import { boundedFollowers, followers } from '../fixtures/bounded-followers.js';
import { freshPglite } from '../fixtures/pglite.js';
import { createPostgres, createSqlite, type TestDatabase, type TestTable } from './databases.js';

const as = (principal: Principal) => abilityFor(boundedFollowers, principal);

describe('the SQL filter of a contact scope bounded within the account', () => {
  it("ANDs the row's account and legal entity to the EXISTS over the intersect table, every value bound", () => {
    expect(accessibleWhere(as(followers.sam), 'read', 'order', { dialect: 'postgres' })).toEqual({
      sql: '(EXISTS (SELECT 1 FROM "order_follower" AS l1 WHERE l1."orderid" = "order"."id" AND l1."contactid" = $1) AND ("order"."customerAccount" = $2 AND "order"."company" = $3))',
      params: ['sam', 'A', 'usmf'],
    });
  });

  it('a bound within the legal entity compares the legal entity only', () => {
    expect(accessibleWhere(as(followers.sam), 'read', 'invoice', { dialect: 'sqlite' })).toEqual({
      sql: '("invoice"."id" IN (SELECT l1."invoiceid" FROM "invoice_watcher" AS l1 WHERE l1."contactid" = ?) AND "invoice"."company" = ?)',
      params: ['sam', 'usmf'],
    });
  });

  it('a contact without an account gets the no-rows filter, not a comparison with NULL', () => {
    const { sql, params } = accessibleWhere(as({ ...followers.sam, accountId: undefined }), 'read', 'order', {
      dialect: 'postgres',
    });
    expect(params).toEqual([]);
    expect(sql).not.toContain('NULL');
    expect(sql).toBe('FALSE');
  });
});

const tables: TestTable[] = [
  { name: 'order', columns: ['id', 'customerAccount', 'company'] },
  { name: 'order_follower', columns: ['orderid', 'contactid'] },
  { name: 'orderline', columns: ['id', 'orderId'] },
  { name: 'invoice', columns: ['id', 'company'] },
  { name: 'invoice_watcher', columns: ['invoiceid', 'contactid'] },
];

// In memory each row lists what its intersect rows hold: the follower links are data anyone may have written.
const orders = [
  { id: 'O1', customerAccount: 'A', company: 'usmf', followerIds: ['sam'] },
  { id: 'O2', customerAccount: 'B', company: 'usmf', followerIds: ['sam'] },
  { id: 'O3', customerAccount: 'A', company: 'demf', followerIds: ['sam'] },
  { id: 'O4', customerAccount: null, company: 'usmf', followerIds: ['sam', 'ada'] },
  { id: 'O5', customerAccount: '', company: null, followerIds: ['sam', 'ada'] },
  { id: 'O6', customerAccount: 'A', company: 'usmf', followerIds: ['ada'] },
  { id: 'O7', customerAccount: 'B', company: 'usmf', followerIds: ['ada', 'sam'] },
];
const lines = orders.map((order) => ({ id: `L${order.id.slice(1)}`, orderId: order.id, order }));
const invoices = [
  { id: 'I1', company: 'usmf', watcherIds: ['sam'] },
  { id: 'I2', company: 'demf', watcherIds: ['sam', 'ada'] },
  { id: 'I3', company: null, watcherIds: ['sam'] },
];

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('bounded many-to-many filters in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(tables);
    await db.insert(tables[0]!, orders);
    await db.insert(
      tables[1]!,
      orders.flatMap((row) => row.followerIds.map((contactid) => ({ orderid: row.id, contactid }))),
    );
    await db.insert(tables[2]!, lines);
    await db.insert(tables[3]!, invoices);
    await db.insert(
      tables[4]!,
      invoices.flatMap((row) => row.watcherIds.map((contactid) => ({ invoiceid: row.id, contactid }))),
    );
  }, 120_000);
  afterAll(() => db?.close());

  it.each([
    ['sam', followers.sam, 'order', orders, ['O1']],
    ['ada', followers.ada, 'order', orders, ['O7']],
    ['sam without an account', { ...followers.sam, accountId: undefined }, 'order', orders, []],
    ['sam', followers.sam, 'orderline', lines, ['L1']],
    ['ada', followers.ada, 'orderline', lines, ['L7']],
    ['sam', followers.sam, 'invoice', invoices, ['I1']],
    ['ada', followers.ada, 'invoice', invoices, []],
  ] as const)(
    '%s lists the %s rows they follow in their own company only, as can() decides',
    async (_, principal, table, rows, expected) => {
      const ability = as(principal);
      const { sql, params } = accessibleWhere(ability, 'read', table, { dialect: db.dialect });
      expect(await db.ids(table, sql, params)).toEqual(expected);
      const inMemory = rows.filter((row) => ability.can('read', subject(table, row))).map((row) => row.id);
      expect(inMemory).toEqual(expected);
    },
  );
});

describe('the reference evaluator and the SQL filter of bounded scopes', () => {
  it('agree on random contacts and rows in PGlite and SQLite (intersect tables)', {
    timeout: 120_000,
  }, async () => {
    const pglite = freshPglite();
    const sqlite = new Database(':memory:');
    try {
      await assertAgreesWithReference(boundedFollowers, { runs: 40, db: pglite });
      await assertAgreesWithReference(boundedFollowers, { runs: 100, db: sqlite });
    } finally {
      await pglite.close();
      sqlite.close();
    }
  });
});
