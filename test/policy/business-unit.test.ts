import { describe, expect, it } from 'vitest';
import {
  definePolicy,
  isPolicyValidationError,
  type PolicyInput,
  type PolicyValidationError,
} from '../../src/index.js';
import { businessUnitSubtrees } from '../../src/policy/business-unit.js';

const messageOf = (businessUnits: PolicyInput['businessUnits']): string => {
  try {
    definePolicy({ tables: {}, businessUnits });
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('business units', () => {
  it('an unknown parent, a duplicate id and a second root are refused', () => {
    expect(
      messageOf([{ id: 'root' }, { id: 'A', parent: 'rot' }, { id: 'A' }, { id: 'B' }]),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (4 issues):
      - businessUnits[2].id: business unit "A" is defined twice; give each business unit a unique id
      - businessUnits[1].parent: parent business unit "rot" is not defined under "businessUnits" (did you mean "root"?)
      - businessUnits[2].parent: business unit "A" has no parent but "root" is already the root; set a parent
      - businessUnits[3].parent: business unit "B" has no parent but "root" is already the root; set a parent"
    `);
  });

  it('a cycle is refused once, at its first unit, without looping forever', () => {
    expect(
      messageOf([
        { id: 'root' },
        { id: 'A', parent: 'B' },
        { id: 'B', parent: 'A' },
        { id: 'C', parent: 'C' },
      ]),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (2 issues):
      - businessUnits[1].parent: business units "A" → "B" → "A" form a cycle; a unit cannot be its own ancestor, so change one of their parents
      - businessUnits[3].parent: business units "C" → "C" form a cycle; a unit cannot be its own ancestor, so change one of their parents"
    `);
  });

  it('a 50,000-unit cycle is reported once, naming its first units and counting the rest (bounded cycle report)', () => {
    const count = 50_000;
    const units = [
      { id: 'root' },
      ...Array.from({ length: count }, (_, i) => ({ id: `u${i}`, parent: `u${(i + 1) % count}` })),
    ];
    let error: unknown;
    try {
      definePolicy({ tables: {}, businessUnits: units });
    } catch (caught) {
      error = caught;
    }
    expect(isPolicyValidationError(error)).toBe(true);
    const { issues, message } = error as PolicyValidationError;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('business_unit_cycle');
    expect(issues[0]!.path).toEqual(['businessUnits', 1, 'parent']);
    expect(issues[0]!.message).toContain('"u0" → "u1" → ');
    expect(issues[0]!.message).toContain('(50000 units in all)');
    expect(message.length).toBeLessThan(1_000);
  });

  it('each subtree holds the unit and every unit below it, frozen', () => {
    const subtreeOf = businessUnitSubtrees([
      { id: 'root' },
      { id: 'A', parent: 'root' },
      { id: 'A1', parent: 'A' },
      { id: 'A11', parent: 'A1' },
      { id: 'B', parent: 'root' },
    ]);
    expect(subtreeOf('A')).toEqual(['A', 'A1', 'A11']);
    expect(subtreeOf('root')).toEqual(['root', 'A', 'B', 'A1', 'A11']);
    expect(subtreeOf('B')).toEqual(['B']);
    expect(Object.isFrozen(subtreeOf('A'))).toBe(true);
    expect(subtreeOf('A')).toBe(subtreeOf('A'));
  });

  it('a chain of 20,000 units validates in linear time and does not overflow the stack', () => {
    const units = [
      { id: 'u0' },
      ...Array.from({ length: 20_000 }, (_, i) => ({ id: `u${i + 1}`, parent: `u${i}` })),
    ];
    expect(definePolicy({ tables: {}, businessUnits: units }).businessUnits).toHaveLength(20_001);
    expect(businessUnitSubtrees(units)('u19999')).toEqual(['u19999', 'u20000']);
  });
});
