import { Ability } from '@casl/ability';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  type PortalAbility,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../src/index.js';
import { GENERATED_COLUMNS } from '../../src/testing/index.js';
import {
  type ColumnScenario,
  portalColumnScenario,
  userColumnScenario,
} from '../fixtures/column-scenarios.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = propertyRuns(150);
// Generous: the machine running the suite may be shared; a slow run is not a wrong one.
const SLOW = { timeout: 120_000 };
const TYPE_FIELD = '__caslSubjectType__';

type Row = Record<string, unknown>;
interface Scenario extends ColumnScenario {
  /** Which of the ability's rules get a deny (CASL's `cannot`) with the same conditions, added by `update`. */
  readonly denied: readonly boolean[];
}

const withDenied = (scenarios: fc.Arbitrary<ColumnScenario>): fc.Arbitrary<Scenario> =>
  fc
    .tuple(scenarios, fc.array(fc.boolean(), { maxLength: 40 }))
    .map(([scenario, denied]) => ({ ...scenario, denied }));
const portalScenario = withDenied(portalColumnScenario);
const userScenario = withDenied(userColumnScenario);

type Answer = ReturnType<PortalAbility['relevantRuleFor']>;
/** CASL's own `relevantRuleFor`, on the same ability (its index, its `rulesFor`, its matcher): the oracle. */
const caslRelevantRuleFor = (ability: PortalAbility, action: string, record: unknown, field?: string) =>
  (Ability.prototype.relevantRuleFor as (...args: unknown[]) => Answer).call(ability, action, record, field);

/** The shapes one row is asked in: tagged, untagged, forged, inherited, without a prototype, another table. */
function shapesOf(table: string, row: Row, otherTable: string): [string, object][] {
  const inherits = Object.create(row) as Row;
  const withoutPrototype = Object.assign(Object.create(null) as Row, row);
  const emptied = { ...row };
  for (const [index, key] of Object.keys(emptied).entries())
    if (index % 2 === 0) emptied[key] = null;
    else delete emptied[key];
  return [
    ['tagged copy', subject(table, { ...row })],
    ['untagged row', { ...row }],
    ['forged tag (enumerable)', { ...row, [TYPE_FIELD]: table }],
    ['tag inherited from the prototype', Object.create(subject(table, { ...row }))],
    ['fields inherited, tag own', subject(table, inherits)],
    ['no prototype', subject(table, withoutPrototype)],
    ['fields null or missing', subject(table, emptied)],
    ['tagged with another table', subject(otherTable, { ...row })],
  ];
}

interface Tally {
  rules: number;
  nulls: number;
  inverted: number;
  tableForm: number;
  typeLevel: number;
}

/** Asks every action of every shape of every record, both ways, and counts what was answered. */
function agreeOnEveryRecord(ability: PortalAbility, scenario: Scenario, tally: Tally): void {
  const tables = Object.keys(scenario.input.tables);
  for (const [index, [table, row]] of scenario.records.entries()) {
    const other = tables[(tables.indexOf(table) + 1 + index) % tables.length]!;
    for (const action of TABLE_PERMISSION_PRIVILEGES) {
      for (const [shape, record] of shapesOf(table, row, other)) {
        const expected = caslRelevantRuleFor(ability, action, record);
        const why = `${action} ${table} (${shape}) ${JSON.stringify(row)}`;
        expect(ability.relevantRuleFor(action, record as never), why).toBe(expected);
        if (expected === null) tally.nulls++;
        else if (expected.inverted) tally.inverted++;
        else tally.rules++;
      }
      // The table form answers for the untagged row what CASL answers for it tagged with the table.
      const tableForm = ability.decidingRule(action, table, row);
      expect(tableForm, `decidingRule ${action} ${table}`).toBe(
        caslRelevantRuleFor(ability, action, subject(table, { ...row })),
      );
      expect(ability.decidingRule(action, table, Object.create(row) as object)).toBe(
        caslRelevantRuleFor(ability, action, subject(table, Object.create(row) as object)),
      );
      if (tableForm !== null) tally.tableForm++;
      // A table's name asks about some record of it: CASL's own answer, a deny only if it matches everything.
      for (const name of [table, other, 'untagged record']) {
        const typeLevel = caslRelevantRuleFor(ability, action, name);
        expect(ability.relevantRuleFor(action, name as never), `${action} ${name} (type)`).toBe(typeLevel);
        if (typeLevel !== null) tally.typeLevel++;
      }
      // A field is CASL's question: answered by its own code, column rules included.
      for (const field of ['id', ...GENERATED_COLUMNS]) {
        const tagged = subject(table, { ...row });
        expect(ability.relevantRuleFor(action, tagged, field as never)).toBe(
          caslRelevantRuleFor(ability, action, tagged, field),
        );
      }
    }
  }
}

/** The ability's rules with a deny after some of them (same action, subject and conditions, no columns). */
function withDenies(ability: PortalAbility, which: readonly boolean[]): PortalAbility['rules'] {
  const rules = [...ability.rules];
  const denies = rules
    .filter((rule, index) => which[index % Math.max(which.length, 1)] === true && rule.fields === undefined)
    .map((rule) => ({ ...rule, inverted: true }));
  return [...rules, ...denies] as PortalAbility['rules'];
}

function checkScenarios(scenarios: fc.Arbitrary<Scenario>): Tally {
  const tally: Tally = { rules: 0, nulls: 0, inverted: 0, tableForm: 0, typeLevel: 0 };
  fc.assert(
    fc.property(scenarios, (scenario) => {
      const ability = abilityFor(definePolicy(scenario.input), scenario.principal);
      agreeOnEveryRecord(ability, scenario, tally);
      // Denies added by `update` (this library emits none): the first matching rule decides, deny or not.
      ability.update(withDenies(ability, scenario.denied));
      agreeOnEveryRecord(ability, scenario, tally);
    }),
    { numRuns: RUNS },
  );
  return tally;
}

describe('relevantRuleFor and decidingRule answer exactly what CASL’s own relevantRuleFor answers', () => {
  it(
    'contacts and visitors under random policies with column permissions, before and after denies',
    SLOW,
    () => {
      const tally = checkScenarios(portalScenario);
      // Non-vacuity: grants, refusals and denies were all answered.
      expect(tally.rules).toBeGreaterThan(50);
      expect(tally.tableForm).toBeGreaterThan(20);
      expect(tally.inverted).toBeGreaterThan(10);
      expect(tally.nulls).toBeGreaterThan(50);
    },
  );

  it('internal users under random column security profiles, before and after denies', SLOW, () => {
    const tally = checkScenarios(userScenario);
    expect(tally.rules).toBeGreaterThan(50);
    expect(tally.tableForm).toBeGreaterThan(20);
    expect(tally.typeLevel).toBeGreaterThan(20);
    expect(tally.inverted).toBeGreaterThan(10);
    expect(tally.nulls).toBeGreaterThan(50);
  });
});
