import { permittedFieldsOf } from '@casl/ability/extra';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, permittedColumns, subject } from '../../src/index.js';
import { GENERATED_COLUMNS, referenceFieldCan } from '../../src/testing/index.js';
import {
  type ColumnScenario,
  portalColumnScenario,
  userColumnScenario,
} from '../fixtures/column-scenarios.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = propertyRuns(150);
const SLOW = { timeout: 120_000 };
const ACTIONS = ['read', 'create', 'write', 'delete'] as const;

type Scenario = ColumnScenario;
const portalScenario = portalColumnScenario;
const userScenario = userColumnScenario;

// Fields that name no column, and paths below each column: a path is allowed exactly when its column is.
const HOSTILE_FIELDS = ['__proto__', 'constructor', 'prototype', 'constructor.name', '.x'];
const pathsBelow = (columns: readonly string[]): string[] =>
  columns.flatMap((column) => [`${column}.amount`, `${column}.0`, `${column}[0]`]);
// Across a run, some path below a column must be allowed and some denied, or the path cases prove nothing.
const pathAnswers = { allowed: 0, denied: 0 };

/** Checks every (record, action, field) of a scenario against the reference and CASL's own helpers. */
function checkScenario({ input, principal, records }: Scenario): void {
  const policy = definePolicy(input);
  const ability = abilityFor(policy, principal);
  for (const [table, row] of records) {
    const tagged = subject(table, { ...row });
    const columns = [...new Set([...Object.keys(row), ...GENERATED_COLUMNS])];
    const candidates = [...columns, ...pathsBelow(columns), ...HOSTILE_FIELDS];
    for (const action of ACTIONS) {
      const rowAllowed = ability.can(action, tagged);
      const allowed = candidates.filter((field) => ability.can(action, tagged, field));
      const reference = candidates.filter((field) =>
        referenceFieldCan(input, principal, action, table, row, field),
      );
      // A field check never says yes where the row check says no.
      if (!rowAllowed) expect(allowed, `${action} ${table}: fields allowed on a denied row`).toEqual([]);
      expect(allowed, `${action} ${table} ${JSON.stringify(row)}`).toEqual(reference);
      for (const column of columns) {
        const answer = ability.can(action, tagged, column);
        for (const path of pathsBelow([column])) expect(ability.can(action, tagged, path), path).toBe(answer);
        if (rowAllowed) pathAnswers[answer ? 'allowed' : 'denied']++;
      }
      const listed = permittedColumns(ability, action, table, tagged);
      expect(listed.every((field) => reference.includes(field))).toBe(true);
      // CASL's helper lists the names its rules hold (it matches no path), so it is compared on columns.
      const casl = permittedFieldsOf(ability, action, tagged, {
        fieldsFrom: (rule) => rule.fields ?? columns,
      });
      expect(casl.filter((field) => columns.includes(field)).sort()).toEqual(
        allowed.filter((field) => columns.includes(field)).sort(),
      );
    }
  }
}

describe('column security against the reference evaluator', () => {
  it(
    'contacts and visitors: permitted fields equal what the reference allows, and never exceed the row answer',
    SLOW,
    () => {
      pathAnswers.allowed = pathAnswers.denied = 0;
      fc.assert(fc.property(portalScenario, checkScenario), { numRuns: RUNS });
      expect(pathAnswers.allowed).toBeGreaterThan(0);
      expect(pathAnswers.denied).toBeGreaterThan(0);
    },
  );

  it(
    'internal users: permitted fields equal what the reference allows, and never exceed the row answer',
    SLOW,
    () => {
      pathAnswers.allowed = pathAnswers.denied = 0;
      fc.assert(fc.property(userScenario, checkScenario), { numRuns: RUNS });
      expect(pathAnswers.allowed).toBeGreaterThan(0);
      expect(pathAnswers.denied).toBeGreaterThan(0);
    },
  );
});
