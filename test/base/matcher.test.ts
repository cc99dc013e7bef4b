import { Ability } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/ability/fast-path/codegen.js';
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

describe('record shares are read from own items only', () => {
  const shared: Condition = {
    operator: 'shared',
    field: 'sharedWith',
    value: { principals: ['me'], privilege: 'read' },
  };
  const predicates = { closures: compileCondition(shared), generated: compileRules([shared]) };

  for (const [kind, matches] of Object.entries(predicates)) {
    it(`${kind}: a share granting read to me grants the record`, () => {
      expect(matches({ sharedWith: [{ principal: 'me', privileges: ['read'] }] })).toBe(true);
      expect(matches({ sharedWith: [{ principal: 'you', privileges: ['read'] }] })).toBe(false);
    });

    it(`${kind}: a hole in the shares or in a share's privileges never grants through a polluted Array.prototype`, () => {
      const prototype = Array.prototype as unknown as Record<number, unknown>;
      try {
        prototype[0] = { principal: 'me', privileges: ['read'] };
        expect(matches({ sharedWith: Object.assign([], { length: 1 }) })).toBe(false);
        prototype[0] = 'read';
        expect(
          matches({ sharedWith: [{ principal: 'me', privileges: Object.assign([], { length: 1 }) }] }),
        ).toBe(false);
      } finally {
        delete prototype[0];
      }
    });

    it(`${kind}: an inherited list of shares grants nothing`, () => {
      const inherited = Object.create({ sharedWith: [{ principal: 'me', privileges: ['read'] }] });
      expect(matches(inherited)).toBe(false);
    });
  }
});
