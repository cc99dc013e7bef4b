import { permittedFieldsOf } from '@casl/ability/extra';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  type PolicyInput,
  type Principal,
  permittedColumns,
  subject,
  type UserPrincipal,
} from '../../src/index.js';
import {
  arbitraryPortalPolicy,
  arbitraryPortalPrincipal,
  arbitraryRecord,
  arbitraryUser,
  GENERATED_COLUMNS,
  referenceFieldCan,
  withArbitraryColumnPermissions,
  withArbitraryColumnSecurity,
} from '../../src/testing/index.js';
import { internalInput } from '../fixtures/internal-users.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = propertyRuns(150);
const SLOW = { timeout: 120_000 };
const ACTIONS = ['read', 'create', 'write', 'delete'] as const;

type Row = Record<string, unknown>;
interface Scenario {
  readonly input: PolicyInput;
  readonly principal: Principal;
  readonly records: readonly (readonly [string, Row])[];
}

const recordsOf = (input: PolicyInput) =>
  fc
    .tuple(
      ...Object.keys(input.tables).map((table) =>
        fc
          .array(arbitraryRecord(input, table), { minLength: 1, maxLength: 2 })
          .map((rows) => rows.map((row) => [table, row] as const)),
      ),
    )
    .map((byTable) => byTable.flat());

const portalScenario: fc.Arbitrary<Scenario> = arbitraryPortalPolicy()
  .chain(withArbitraryColumnPermissions)
  .chain((input) =>
    fc.record({
      input: fc.constant(input),
      principal: arbitraryPortalPrincipal(input),
      records: recordsOf(input),
    }),
  );

const userScenario: fc.Arbitrary<Scenario> = withArbitraryColumnSecurity(
  internalInput as unknown as PolicyInput,
).chain((input) =>
  fc.record({
    input: fc.constant(input),
    principal: fc
      .tuple(
        arbitraryUser(input),
        fc.subarray((input.columnSecurityProfiles ?? []).map((profile) => profile.name)),
      )
      .map(([user, profiles]): UserPrincipal => ({ ...user, columnSecurityProfiles: profiles })),
    records: recordsOf(input),
  }),
);

/** Checks every (record, action, field) of a scenario against the reference and CASL's own helpers. */
function checkScenario({ input, principal, records }: Scenario): void {
  const policy = definePolicy(input);
  const ability = abilityFor(policy, principal);
  for (const [table, row] of records) {
    const tagged = subject(table, { ...row });
    const candidates = [...new Set([...Object.keys(row), ...GENERATED_COLUMNS])];
    for (const action of ACTIONS) {
      const rowAllowed = ability.can(action, tagged);
      const allowed = candidates.filter((field) => ability.can(action, tagged, field));
      const reference = candidates.filter((field) =>
        referenceFieldCan(input, principal, action, table, row, field),
      );
      // A field check never says yes where the row check says no.
      if (!rowAllowed) expect(allowed, `${action} ${table}: fields allowed on a denied row`).toEqual([]);
      expect(allowed, `${action} ${table} ${JSON.stringify(row)}`).toEqual(reference);
      const listed = permittedColumns(ability, action, table, tagged);
      expect(listed.every((field) => reference.includes(field))).toBe(true);
      const casl = permittedFieldsOf(ability, action, tagged, {
        fieldsFrom: (rule) => rule.fields ?? candidates,
      });
      expect(casl.filter((field) => candidates.includes(field)).sort()).toEqual([...allowed].sort());
    }
  }
}

describe('column security against the reference evaluator', () => {
  it(
    'contacts and visitors: permitted fields equal what the reference allows, and never exceed the row answer',
    SLOW,
    () => {
      fc.assert(fc.property(portalScenario, checkScenario), { numRuns: RUNS });
    },
  );

  it(
    'internal users: permitted fields equal what the reference allows, and never exceed the row answer',
    SLOW,
    () => {
      fc.assert(fc.property(userScenario, checkScenario), { numRuns: RUNS });
    },
  );
});
