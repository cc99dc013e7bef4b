import { describe, expect, it } from 'vitest';
import { fuzz, PolicyPropertyError, VacuousFuzzError } from '../../fuzz/differential.js';
import { definePolicy, type PolicyInput, TABLE_PERMISSION_PRIVILEGES } from '../../src/index.js';
import { policyIndexOf, registerPolicyIndex } from '../../src/policy/define-policy.js';
import { ALL_ACTIONS } from '../../src/testing/policy-under-test.js';
import { freshPglite } from '../fixtures/pglite.js';

// A guard against a hang, not a speed limit: under a shared machine's load these take minutes.
const SLOW = { timeout: 300_000 };

/**
 * A compiler that drops every permission but the first: the reference still reads the whole document, so
 * any principal the other permissions grant something to shows the bug.
 */
function compilerThatDropsPermissions(input: PolicyInput) {
  const policy = definePolicy({ ...input, tablePermissions: (input.tablePermissions ?? []).slice(0, 1) });
  registerPolicyIndex(policy, { ...policyIndexOf(policy), input });
  return policy;
}

async function failureOf(run: () => Promise<unknown>): Promise<PolicyPropertyError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PolicyPropertyError) return error;
    throw error;
  }
  throw new Error('expected the fuzzer to find the planted bug');
}

describe('fuzz', () => {
  it('checks at least the cases asked for in every evaluator and finds no disagreement', SLOW, async () => {
    // A run this short meets few internal-user policies: it judges the table-permission privileges itself,
    // and the CI's 10,000-case run (the default minimum) judges assign and share too.
    const report = await fuzz({ cases: 300, seed: 7, minimumAllowRate: 0, pglite: freshPglite });
    expect(report.cases).toBeGreaterThanOrEqual(300);
    expect(report.inMemoryCases).toBeGreaterThan(0);
    expect(report.seeds[0]).toBe(7);
    expect(report.allows.belowMinimum(TABLE_PERMISSION_PRIVILEGES, 0.1)).toEqual([]);
    expect([...report.allows.rates().keys()].sort()).toEqual([...ALL_ACTIONS].sort());
  });

  it('fails a run whose allow rate falls below the minimum asked for, as vacuous', SLOW, async () => {
    await expect(
      fuzz({ cases: 300, seed: 7, compile: definePolicy, minimumAllowRate: 1, pglite: freshPglite }),
    ).rejects.toThrow(VacuousFuzzError);
  });

  it(
    'reports a planted compiler bug with a shrunk case and the seed and path that replay it',
    SLOW,
    async () => {
      const error = await failureOf(() =>
        fuzz({ cases: 5_000, seed: 3, compile: compilerThatDropsPermissions, pglite: freshPglite }),
      );
      expect(error.code).toBe('reference_disagreement');
      expect(error.message).toMatch(
        /^fuzz failed: .* the reference evaluator (allows|denies)\n {2}principal: /,
      );
      expect(error.message).toMatch(/replay with \{ seed: \d+, path: "\d+(:\d+)*" \}/);
      const replayed = await failureOf(() =>
        fuzz({ cases: 1, ...error.replay, compile: compilerThatDropsPermissions, pglite: freshPglite }),
      );
      expect(replayed.counterexample).toEqual(error.counterexample);
    },
  );
});
