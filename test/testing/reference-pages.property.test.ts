import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, page } from '../../src/index.js';
import {
  arbitraryPageId,
  arbitraryPortalPolicy,
  arbitraryPortalPrincipal,
  withArbitraryPages,
} from '../../src/testing/index.js';
import { referencePageCan } from '../../src/testing/reference-pages.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = propertyRuns(200);
const SLOW = { timeout: 60_000 };

const scenario = arbitraryPortalPolicy()
  .chain(withArbitraryPages)
  .chain((input) =>
    fc.record({
      input: fc.constant(input),
      principal: arbitraryPortalPrincipal(input),
      pages: fc.array(arbitraryPageId(input), { minLength: 1, maxLength: 6 }),
    }),
  );

describe('page access agrees with the reference evaluator', () => {
  it('every view and change decision on a random page tree equals the reference answer', SLOW, () => {
    fc.assert(
      fc.property(scenario, ({ input, principal, pages }) => {
        const ability = abilityFor(definePolicy(input), principal);
        for (const id of pages) {
          for (const action of ['view', 'change'] as const) {
            expect(`${action} ${id}: ${ability.can(action, page(id))}`).toBe(
              `${action} ${id}: ${referencePageCan(input, principal, action, id)}`,
            );
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the generated rules exercise both answers: some page is denied and some allowed', () => {
    const seen = new Set<boolean>();
    fc.assert(
      fc.property(scenario, ({ input, principal, pages }) => {
        for (const id of pages) seen.add(referencePageCan(input, principal, 'view', id));
      }),
      { numRuns: propertyRuns(100) },
    );
    expect([...seen].sort()).toEqual([false, true]);
  });
});
