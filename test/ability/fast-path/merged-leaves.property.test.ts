import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/ability/fast-path/codegen.js';
import { mergeLeaves } from '../../../src/ability/fast-path/merged-leaves.js';
import type { Condition } from '../../../src/base/condition.js';
import { anyOf, compileCondition } from '../../../src/base/matcher.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

const RUNS = propertyRuns(1000);

// Few fields and values, so that rules often compare the same field and records often match one of them.
const field = fc.constantFrom('ownerId', 'unitId', 'account');
const value = fc.constantFrom('me', 'team0', 'bu1', 'bu2', 'bu3', '');
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ operator: fc.constant('eq' as const), field, value }),
  fc.record({ operator: fc.constant('in' as const), field, value: fc.array(value, { maxLength: 4 }) }),
);
const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  {
    weight: 1,
    arbitrary: fc.record({ operator: fc.constant('and' as const), value: fc.array(leaf, { maxLength: 2 }) }),
  },
);
const fieldValue = fc.oneof(value, fc.constantFrom(undefined, null, 0, ['bu1']));
/** A record: plain, or with one field inherited (a polluted prototype must never match). */
const record = fc
  .tuple(fc.dictionary(field, fieldValue, { maxKeys: 3 }), fc.option(field, { nil: undefined }))
  .map(([fields, inherited]) => {
    if (inherited === undefined || !(inherited in fields)) return fields;
    const own = { ...fields };
    delete own[inherited];
    return Object.setPrototypeOf(own, { [inherited]: fields[inherited] });
  });

const closures = (conditions: readonly Condition[]) => anyOf(conditions.map(compileCondition));

describe('merging the leaves of one field', () => {
  it('rules with their leaves on one field merged grant exactly the records the rules grant', () => {
    fc.assert(
      fc.property(
        fc.array(condition, { maxLength: 6 }),
        fc.array(record, { maxLength: 5 }),
        (conditions, records) => {
          const merged = closures(mergeLeaves(conditions));
          const unmerged = closures(conditions);
          const generated = compileRules(conditions);
          for (const row of records) {
            expect(merged(row)).toBe(unmerged(row));
            expect(generated(row)).toBe(unmerged(row));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a value the caller keeps apart (a placeholder) is never merged into a set', () => {
    fc.assert(
      fc.property(fc.array(condition, { maxLength: 6 }), (conditions) => {
        const merged = mergeLeaves(conditions, (text) => text !== 'me');
        const before = new Set(conditions);
        for (const leaf of merged) {
          if (!before.has(leaf) && leaf.operator === 'in') expect(leaf.value).not.toContain('me');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('an ability check pays one set lookup for a subtree and the units of three teams', () => {
    const subtree = Object.freeze(['bu1', 'bu2']);
    const merged = mergeLeaves([
      { operator: 'in', field: 'unitId', value: subtree },
      { operator: 'eq', field: 'unitId', value: 'bu7' },
      { operator: 'eq', field: 'ownerId', value: 'me' },
      { operator: 'eq', field: 'unitId', value: 'bu9' },
    ]);
    expect(merged).toEqual([
      { operator: 'in', field: 'unitId', value: ['bu1', 'bu2', 'bu7', 'bu9'] },
      { operator: 'eq', field: 'ownerId', value: 'me' },
    ]);
  });
});
