import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules } from '../../src/ability/fast-path/codegen.js';
import { compileCondition } from '../../src/base/matcher.js';
import { conditionWhere } from '../../src/query/condition-where.js';
import { propertyRuns } from '../fixtures/property-runs.js';
import { createPostgres, createSqlite, type TestDatabase } from './databases.js';
import {
  conditionArb,
  datasetArb,
  type Level,
  linkRows,
  shareRows,
  treePolicy,
  treeRecords,
  treeTables,
} from './trees.js';

const RUNS = propertyRuns(150);

/**
 * Link and share rows with a NULL in a key, a related id, a grantee or a privilege: memory has no such
 * link or share, so they must change no answer, whichever shape (EXISTS, IN, ARRAY) the subquery takes.
 */
async function insertNullLinksAndShares(db: TestDatabase, level: Level, record: unknown): Promise<void> {
  const id = typeof record === 'string' ? record : null;
  await db.insert(treeTables.find((table) => table.name === `${level}_link`)!, [
    { record: null, related: 'x' },
    { record: id, related: null },
  ]);
  await db.insert(treeTables.find((table) => table.name === `${level}_share`)!, [
    { record: null, principal: 'u1', privilege: 'read' },
    { record: id, principal: null, privilege: 'read' },
    { record: id, principal: 'u1', privilege: null },
  ]);
}

describe.each([
  ['PGlite', createPostgres],
  ['SQLite', createSqlite],
])('condition trees in %s', (_, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await db.create(treeTables);
  }, 120_000);
  afterAll(() => db?.close());

  it('random eq / in / parent / shared / linked / and / or trees select exactly the records both in-memory compilers match', async () => {
    await fc.assert(
      fc.asyncProperty(conditionArb('t', 3), datasetArb, fc.boolean(), async (condition, data, aliased) => {
        await db.clear(treeTables);
        for (const level of ['g', 'p', 't'] as const) {
          await db.insert(
            treeTables.find((table) => table.name === level)!,
            data[level].map((row) => row.record),
          );
          await db.insert(
            treeTables.find((table) => table.name === `${level}_share`)!,
            shareRows(data[level]),
          );
          await db.insert(treeTables.find((table) => table.name === `${level}_link`)!, linkRows(data[level]));
          await insertNullLinksAndShares(db, level, data[level][0]?.record.id);
        }
        const records = treeRecords(data, 't');
        const byClosures = compileCondition(condition);
        const byCodegen = compileRules([condition]);
        const expected = records.filter((record) => byClosures(record)).map((record) => String(record.id));
        expect(records.filter((record) => byCodegen(record)).map((record) => String(record.id))).toEqual(
          expected,
        );

        const alias = aliased ? 'p1' : undefined;
        const { sql, params } = conditionWhere(treePolicy, 't', condition, {
          dialect: db.dialect,
          ...(alias ? { alias } : {}),
        });
        expect(await db.ids('t', sql, params, alias)).toEqual(expected.sort());
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
