import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../../src/index.js';
import {
  abilityFor,
  configure,
  definePolicy,
  filterAccessible,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../../src/index.js';
import { arbitraryPortalPolicy, arbitraryPrincipal, arbitraryRecord } from '../../../src/testing/index.js';
import { arbitraryRecordsByTable } from '../../../src/testing/records-by-table.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

const worlds = arbitraryPortalPolicy().chain((input) => {
  const policy = definePolicy(input);
  return fc.tuple(
    fc.constant(input),
    arbitraryPrincipal(policy),
    arbitraryRecordsByTable(Object.keys(input.tables), (table) => arbitraryRecord(policy, table)),
  );
});

// Generated predicates are the `matches` functions `new Function` builds; closures have other names.
const isGenerated = (predicate: { name: string }) => predicate.name === 'matches';

afterEach(() => {
  configure({ jitless: false });
});

describe('generated code and closures answer alike', () => {
  it('an ability compiled with jitless set allows exactly what one with generated code allows, record by record', () => {
    let generatedPredicates = 0;
    let checks = 0;
    let allowed = 0;
    fc.assert(
      fc.property(worlds, ([input, principal, recordsByTable]) => {
        // Each half defines its own policy: templates are cached per policy, so a shared one would keep the
        // binder of whichever half ran first. Predicates compile on first use, so each ability answers while
        // its own setting is in force.
        const answer = (jitless: boolean) => {
          configure({ jitless });
          const ability = abilityFor(definePolicy(input as PolicyInput), principal);
          return recordsByTable.flatMap(([table, records]) =>
            TABLE_PERMISSION_PRIVILEGES.flatMap((action) => {
              const predicate = ability.predicateFor(action, table);
              if (jitless) expect(isGenerated(predicate)).toBe(false);
              else if (isGenerated(predicate)) generatedPredicates += 1;
              return [
                ...records.map((record) => ability.can(action, subject(table, { ...record }))),
                filterAccessible(ability, action, table, records).length,
              ];
            }),
          );
        };
        const closures = answer(true);
        const generated = answer(false);
        expect(closures).toEqual(generated);
        for (const value of generated) {
          if (typeof value !== 'boolean') continue;
          checks += 1;
          if (value) allowed += 1;
        }
      }),
      { numRuns: propertyRuns(100) },
    );
    expect(generatedPredicates).toBeGreaterThan(0);
    expect(allowed / checks).toBeGreaterThan(0.02);
  });
});
