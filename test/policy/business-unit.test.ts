import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';
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

  it('a cycle is refused at each unit on it, without looping forever', () => {
    expect(
      messageOf([
        { id: 'root' },
        { id: 'A', parent: 'B' },
        { id: 'B', parent: 'A' },
        { id: 'C', parent: 'C' },
      ]),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (3 issues):
      - businessUnits[1].parent: business units "A" → "B" → "A" form a cycle; a unit cannot be its own ancestor
      - businessUnits[2].parent: business units "B" → "A" → "B" form a cycle; a unit cannot be its own ancestor
      - businessUnits[3].parent: business units "C" → "C" form a cycle; a unit cannot be its own ancestor"
    `);
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
