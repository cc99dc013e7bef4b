import { Ability } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/ability/codegen.js';
import type { Condition } from '../../src/base/condition.js';
import { compileCondition } from '../../src/base/matcher.js';
import { whyNot } from '../../src/explain/condition-failure.js';
import { conditionsMatcher } from '../../src/index.js';

// Names an unpacked rule could carry that exist on every object through Object.prototype.
const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const record = { id: 'SO-1', orderedBy: 'jane' };
const smuggled = (operator: string) =>
  ({ operator, field: 'orderedBy', value: 'jane' }) as unknown as Condition;

describe('an unknown operator denies, whatever its name', () => {
  it.each(PROTOTYPE_NAMES)('conditionsMatcher denies the operator "%s" instead of throwing', (operator) => {
    const matches = conditionsMatcher(smuggled(operator)) as unknown as (value: unknown) => boolean;
    expect(matches(record)).toBe(false);
  });

  it.each(PROTOTYPE_NAMES)('an ability built from unpacked rules denies the operator "%s"', (operator) => {
    const ability = new Ability([{ action: 'read', subject: 'salesorder', conditions: smuggled(operator) }], {
      conditionsMatcher: conditionsMatcher as never,
    });
    expect(ability.can('read', { __caslSubjectType__: 'salesorder', ...record } as never)).toBe(false);
  });

  it.each(PROTOTYPE_NAMES)('the compiled fast path denies the operator "%s", also nested', (operator) => {
    expect(compileRules([smuggled(operator)])(record)).toBe(false);
    expect(compileCondition({ operator: 'or', value: [smuggled(operator)] })(record)).toBe(false);
  });

  it.each(PROTOTYPE_NAMES)('an explanation calls the operator "%s" unsupported', (operator) => {
    expect(whyNot(smuggled(operator), record)).toEqual([{ operator: 'unsupported', name: operator }]);
  });
});
