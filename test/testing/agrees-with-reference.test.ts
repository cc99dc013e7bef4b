import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { definePolicy } from '../../src/index.js';
import { policyIndexOf, registerPolicyIndex } from '../../src/policy/define-policy.js';
import { assertAgreesWithReference, PolicyPropertyError } from '../../src/testing/index.js';
import { customerPortal, customerPortalInput } from '../fixtures/customer-portal.js';
import { manyToManyPortal } from '../fixtures/many-to-many.js';
import { freshPglite } from '../fixtures/pglite.js';
import { representativeGoesGlobalInput } from '../fixtures/planted-bug.js';

const SLOW = { timeout: 60_000 };

/** A compiled policy whose reference document says something else: a stand-in for a compiler bug. */
function compilerThatIgnoresTheEdit() {
  const policy = definePolicy(customerPortalInput);
  registerPolicyIndex(policy, { ...policyIndexOf(policy), input: representativeGoesGlobalInput });
  return policy;
}

async function failureOf(run: () => Promise<void>): Promise<PolicyPropertyError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PolicyPropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail');
}

describe('assertAgreesWithReference', () => {
  it('passes on the seed policy in memory', async () => {
    await assertAgreesWithReference(customerPortal, { runs: 200 });
  });

  it('passes on the seed policy in PGlite and in SQLite', SLOW, async () => {
    const pglite = freshPglite();
    const sqlite = new Database(':memory:');
    try {
      await assertAgreesWithReference(customerPortal, { runs: 60, db: pglite });
      await assertAgreesWithReference(customerPortal, { runs: 150, db: sqlite });
    } finally {
      await pglite.close();
      sqlite.close();
    }
  });

  it(
    'passes on a policy with many-to-many scopes in memory and in SQLite (intersect tables)',
    SLOW,
    async () => {
      const sqlite = new Database(':memory:');
      try {
        await assertAgreesWithReference(manyToManyPortal, { runs: 150 });
        await assertAgreesWithReference(manyToManyPortal, { runs: 150, db: sqlite });
      } finally {
        sqlite.close();
      }
    },
  );

  it('reports where ability.can and the reference disagree, with the grant the compiled policy used', async () => {
    const error = await failureOf(() => assertAgreesWithReference(compilerThatIgnoresTheEdit(), { seed: 1 }));
    expect(error.code).toBe('reference_disagreement');
    expect(error.message).toMatch(
      /^assertAgreesWithReference failed: ability\.can denies what the reference evaluator allows\n {2}principal: {3}\{"kind":"contact".*"Customer representative"/,
    );
    expect(error.counterexample).toMatchObject({ action: 'read', table: 'salesorder' });
    expect(error.counterexample?.explanation).toMatch(/cannot read .*"Company orders" \(account scope\)/);
  });

  it('reports where the SQL filter selects rows the reference denies, with the SQL and the rows', async () => {
    const sqlite = new Database(':memory:');
    // A database that ignores the filter, as a host's hand-written query might.
    const leaky = {
      prepare: (sql: string) => sqlite.prepare(sql.replace(/ WHERE (.*)$/s, ' WHERE 1 OR ($1)')),
    };
    const error = await failureOf(() =>
      assertAgreesWithReference(customerPortal, { db: leaky, runs: 50, seed: 1, actions: ['read'] }),
    );
    sqlite.close();
    expect(error.message).toMatch(
      /^assertAgreesWithReference failed: accessibleWhere \(sqlite\) allows what the reference evaluator denies\n/,
    );
    expect(error.message).toMatch(/\n {2}sql: {9}\S/);
    expect(error.message).toMatch(/\n {2}rows: {8}\{/);
    expect(error.counterexample?.explanation).toMatch(/ cannot read /);
  });

  it('leaves real tables of the same name untouched and refuses a connection pool', async () => {
    const sqlite = new Database(':memory:');
    sqlite.exec(`CREATE TABLE salesorder (id text); INSERT INTO salesorder VALUES ('real order')`);
    await assertAgreesWithReference(customerPortal, { runs: 5, db: sqlite });
    expect(sqlite.prepare('SELECT id FROM salesorder').all()).toEqual([{ id: 'real order' }]);
    sqlite.close();
    const pool = { query: async () => ({ rows: [] }), totalCount: 0, idleCount: 0 };
    await expect(assertAgreesWithReference(customerPortal, { runs: 1, db: pool })).rejects.toThrow(
      /pass a pg Client/,
    );
  });
});
