import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  abilityFor,
  configure,
  definePolicy,
  filterAccessible,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../src/index.js';
import { arbitraryPortalPolicy, arbitraryPrincipal, arbitraryRecord } from '../../src/testing/index.js';
import { arbitraryRecordsByTable } from '../../src/testing/records-by-table.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const worlds = arbitraryPortalPolicy().chain((input) => {
  const policy = definePolicy(input);
  return fc.tuple(
    fc.constant(policy),
    arbitraryPrincipal(policy),
    arbitraryRecordsByTable(Object.keys(input.tables), (table) => arbitraryRecord(policy, table)),
  );
});

afterEach(() => {
  configure({ jitless: false });
});

describe('generated code and closures answer alike', () => {
  it('an ability compiled with jitless set allows exactly what one with generated code allows, record by record', () => {
    fc.assert(
      fc.property(worlds, ([policy, principal, recordsByTable]) => {
        // Predicates compile on first use, so each ability answers while its own setting is in force.
        const answer = (jitless: boolean) => {
          configure({ jitless });
          const ability = abilityFor(policy, principal);
          return recordsByTable.flatMap(([table, records]) =>
            TABLE_PERMISSION_PRIVILEGES.flatMap((action) => [
              ...records.map((record) => ability.can(action, subject(table, { ...record }))),
              filterAccessible(ability, action, table, records).length,
            ]),
          );
        };
        expect(answer(true)).toEqual(answer(false));
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
