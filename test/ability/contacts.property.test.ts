import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  type Policy,
  type PolicyInput,
  type Principal,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../src/index.js';
import {
  arbitraryContact,
  arbitraryPortalPolicy,
  arbitraryPortalPrincipal,
  arbitraryRecord,
} from '../../src/testing/index.js';
import { referenceCan } from '../../src/testing/reference-evaluator.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = propertyRuns(200);
// A grant through a child permission that lists no role is rare in one scenario: the check that one turns up
// tries the full count even locally, where a quarter run sometimes met none.
const CHAIN_RUNS = Math.max(RUNS, 200);
// Generous: the machine running the suite may be shared; a slow run is not a wrong one.
const SLOW = { timeout: 60_000 };

type Row = Record<string, unknown>;
interface Scenario {
  readonly input: PolicyInput;
  readonly principal: Principal;
  readonly records: readonly (readonly [string, Row])[];
}

/** A random policy, a principal that fits it and a few records of each of its tables. */
const scenario = (principalOf = arbitraryPortalPrincipal): fc.Arbitrary<Scenario> =>
  arbitraryPortalPolicy().chain((input) =>
    fc
      .record({
        input: fc.constant(input),
        principal: principalOf(input),
        records: fc.tuple(
          ...Object.keys(input.tables).map((table) =>
            fc
              .array(arbitraryRecord(input, table), { minLength: 1, maxLength: 3 })
              .map((rows) => rows.map((row) => [table, row] as const)),
          ),
        ),
      })
      .map(({ input, principal, records }) => ({ input, principal, records: records.flat() })),
  );

/** Every decision of a principal on the records, as `action table #index → boolean` lines. */
function decisions(policy: Policy, principal: Principal, records: Scenario['records']): string[] {
  const ability = abilityFor(policy, principal);
  return records.flatMap(([table, row], index) =>
    TABLE_PERMISSION_PRIVILEGES.map(
      (action) => `${action} ${table} #${index} → ${ability.can(action, subject(table, { ...row }))}`,
    ),
  );
}

const shuffled = <T>(items: readonly T[] | undefined): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray([...(items ?? [])], { minLength: items?.length ?? 0, maxLength: items?.length ?? 0 });

describe('contacts and visitors: the compiled ability against the reference evaluator', () => {
  it(
    'ability.can agrees with referenceCan on random policies, principals, records and every action',
    SLOW,
    () => {
      let granted = 0;
      let checked = 0;
      fc.assert(
        fc.property(scenario(), ({ input, principal, records }) => {
          const ability = abilityFor(definePolicy(input), principal);
          for (const [table, row] of records) {
            for (const action of TABLE_PERMISSION_PRIVILEGES) {
              const expected = referenceCan(input, principal, action, table, row);
              const tagged = subject(table, { ...row });
              const why = `${action} ${table} ${JSON.stringify(row)}`;
              expect(ability.can(action, tagged), why).toBe(expected);
              // CASL's own path (its rule index and our conditionsMatcher) must agree with the fast path.
              expect(ability.relevantRuleFor(action, tagged) !== null, `relevantRuleFor: ${why}`).toBe(
                expected,
              );
              checked++;
              if (expected) granted++;
            }
          }
        }),
        { numRuns: RUNS },
      );
      // The generators must produce real grants, or agreement would be vacuous.
      expect(granted / checked).toBeGreaterThan(0.05);
    },
  );

  it(
    'the generated policies grant rows through child permissions that list no role and take their chain’s',
    SLOW,
    () => {
      let throughChain = 0;
      fc.assert(
        fc.property(scenario(), ({ input, principal, records }) => {
          const ability = abilityFor(definePolicy(input), principal);
          const listedOnly: PolicyInput = {
            ...input,
            tablePermissions: (input.tablePermissions ?? []).filter(
              (permission) => permission.scope !== 'parent' || (permission.webRoles ?? []).length > 0,
            ),
          };
          for (const [table, row] of records) {
            for (const action of TABLE_PERMISSION_PRIVILEGES) {
              if (!ability.can(action, subject(table, { ...row }))) continue;
              if (!referenceCan(listedOnly, principal, action, table, row)) throughChain++;
            }
          }
        }),
        { numRuns: CHAIN_RUNS },
      );
      expect(throughChain).toBeGreaterThan(0);
    },
  );

  it(
    'shuffling web roles, table permissions and a contact’s roles, or repeating them, changes no decision',
    SLOW,
    () => {
      const variant = (s: Scenario) =>
        fc.record({
          webRoles: shuffled(s.input.webRoles),
          tablePermissions: shuffled(s.input.tablePermissions).map((permissions) =>
            permissions.map((permission) => ({
              ...permission,
              privileges: [...permission.privileges, ...permission.privileges].reverse(),
              webRoles: [...(permission.webRoles ?? []), ...(permission.webRoles ?? [])].reverse(),
            })),
          ),
          principalRoles: shuffled(s.principal.kind === 'contact' ? s.principal.webRoles : []),
          copyOf: fc.nat(),
        });
      fc.assert(
        fc.property(
          scenario().chain((s) => fc.tuple(fc.constant(s), variant(s))),
          ([s, { webRoles, tablePermissions, principalRoles, copyOf }]) => {
            // A copy of a permission under another name grants nothing new.
            const original = tablePermissions[copyOf % Math.max(1, tablePermissions.length)];
            const copies = original ? [{ ...original, name: `${original.name} (copy)` }] : [];
            const reordered = definePolicy({
              ...s.input,
              webRoles,
              tablePermissions: [...tablePermissions, ...copies],
            });
            const principal: Principal =
              s.principal.kind === 'contact'
                ? { ...s.principal, webRoles: [...principalRoles, ...principalRoles] }
                : s.principal;
            expect(decisions(reordered, principal, s.records)).toEqual(
              decisions(definePolicy(s.input), s.principal, s.records),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it('adding a web role to a contact never removes access', SLOW, () => {
    fc.assert(
      fc.property(
        scenario(arbitraryContact).chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.constantFrom(
              ...(s.input.webRoles ?? []).filter((role) => !role.anonymousUsers).map((role) => role.name),
              'none',
            ),
          ),
        ),
        ([s, added]) => {
          fc.pre(s.principal.kind === 'contact' && added !== 'none');
          if (s.principal.kind !== 'contact') return;
          const policy = definePolicy(s.input);
          const before = decisions(policy, s.principal, s.records);
          const after = decisions(
            policy,
            { ...s.principal, webRoles: [...(s.principal.webRoles ?? []), added] },
            s.records,
          );
          const lost = before.filter((line, index) => line.endsWith('true') && after[index] !== line);
          expect(lost).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('compiling the same policy and principal twice gives the same policy, rules and decisions', SLOW, () => {
    fc.assert(
      fc.property(scenario(), ({ input, principal, records }) => {
        const first = definePolicy(input);
        const second = definePolicy(structuredClone(input));
        expect(second).toEqual(first);
        expect(abilityFor(second, principal).rules).toEqual(abilityFor(first, principal).rules);
        expect(decisions(second, principal, records)).toEqual(decisions(first, principal, records));
      }),
      { numRuns: RUNS },
    );
  });
});
