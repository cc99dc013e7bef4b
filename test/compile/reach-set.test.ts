import { describe, expect, it } from 'vitest';
import { keyOf, ReachSet, type ReachSource } from '../../src/compile/reach-set.js';
import { abilityFor, definePolicy, subject } from '../../src/index.js';
import { internalInput, internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

// Matrix data access lets one user hold the same role from several units, so reaches of one level meet.
const matrix = definePolicy({ ...internalInput, matrixDataAccess: true });
const UNITS = ['root', 'sales', 'east', 'east1', 'service', 'north'] as const;
const readable = (ability: ReturnType<typeof abilityFor>) =>
  UNITS.filter((unit) => ability.can('read', salesOrder(unit)));

describe('the union of the grants of one privilege', () => {
  it('deep access from two units reaches both subtrees', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Deep reader', businessUnitId: 'east' },
        { name: 'Deep reader', businessUnitId: 'service' },
      ]),
    );
    expect(readable(ability)).toEqual(['east', 'east1', 'service', 'north']);
  });

  it('local access from two units reaches both units and nothing between them', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Local reader', businessUnitId: 'east1' },
        { name: 'Local reader', businessUnitId: 'north' },
      ]),
    );
    expect(readable(ability)).toEqual(['east1', 'north']);
  });

  it('a deep and a local grant on a unit without children both reach its rows, whichever is listed first', () => {
    const deep = { name: 'Deep reader', businessUnitId: 'east1' } as const;
    const local = { name: 'Local reader', businessUnitId: 'east1' } as const;
    for (const roles of [
      [deep, local],
      [local, deep],
    ]) {
      expect(readable(abilityFor(matrix, staff(roles)))).toEqual(['east1']);
    }
  });

  it('a narrower grant never narrows a wider one: local access inside a deep subtree keeps the subtree', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Local reader', businessUnitId: 'east' },
        { name: 'Deep reader', businessUnitId: 'sales' },
      ]),
    );
    expect(readable(ability)).toEqual(['sales', 'east', 'east1']);
  });

  it('a subtree inside another subtree adds nothing, and the outer one is kept', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Deep reader', businessUnitId: 'east' },
        { name: 'Deep reader', businessUnitId: 'root' },
      ]),
    );
    expect(readable(ability)).toEqual([...UNITS]);
  });
  it('a local grant on a child unit takes nothing from a deep grant on its parent, whichever is listed first', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Local reader', businessUnitId: 'east1' },
        { name: 'Deep reader', businessUnitId: 'east' },
      ]),
    );
    expect(readable(ability)).toEqual(['east', 'east1']);
  });

  it('a local and a deep grant on the same unit: the deep one still reaches the units below', () => {
    const ability = abilityFor(
      matrix,
      staff([
        { name: 'Local reader', businessUnitId: 'east' },
        { name: 'Deep reader', businessUnitId: 'east' },
      ]),
    );
    expect(readable(ability)).toEqual(['east', 'east1']);
  });

  it("a user whose id is also a business unit's id still reads that unit's rows, and the rows they own elsewhere", () => {
    const ability = abilityFor(internalPolicy, staff(['Local reader'], { id: 'sales' }));
    expect(ability.can('read', salesOrder('sales'))).toBe(true);
    expect(ability.can('read', salesOrder('service', 'sales'))).toBe(true);
    expect(ability.can('read', salesOrder('service'))).toBe(false);
  });
});

describe('grants another grant covers are dropped, so a check runs each distinct test once', () => {
  const readRules = (ability: ReturnType<typeof abilityFor>) =>
    ability.portalRules.filter(
      (rule) =>
        rule.subject === 'salesorder' &&
        rule.action.includes('read') &&
        rule.provenance?.kind === 'securityRole',
    );

  it('a privilege held globally compiles to one unconditional rule, whatever narrower grants the user also holds', () => {
    for (const roles of [
      ['Basic reader', 'Global reader'],
      ['Basic reader', 'Local reader', 'Deep reader', 'Global reader'],
    ]) {
      const rules = readRules(abilityFor(internalPolicy, staff(roles)));
      expect(rules).toHaveLength(1);
      expect(rules[0]?.conditions).toBeUndefined();
    }
  });

  it('the rule for the rows a user owns names the first role in policy order that reaches them', () => {
    for (const roles of [
      ['Basic reader', 'Local reader'],
      ['Local reader', 'Basic reader'],
    ]) {
      const owned = readRules(abilityFor(internalPolicy, staff(roles))).filter((rule) =>
        JSON.stringify(rule.conditions).includes('ownerId'),
      );
      expect(owned.map((rule) => (rule.provenance as { securityRole: string }).securityRole)).toEqual([
        'Basic reader',
      ]);
    }
  });

  it('local access to a unit inside a deep grant compiles to no rule of its own', () => {
    const rules = readRules(
      abilityFor(
        matrix,
        staff([
          { name: 'Local reader', businessUnitId: 'east' },
          { name: 'Deep reader', businessUnitId: 'sales' },
        ]),
      ),
    );
    // Owned rows and the sales subtree: the east unit is inside the subtree.
    expect(rules.map((rule) => rule.conditions)).toEqual([
      { operator: 'eq', field: 'ownerId', value: 'ulla' },
      { operator: 'in', field: 'owningBusinessUnitId', value: ['sales', 'east', 'east1'] },
    ]);
  });

  it('of two grants reaching the same rows, the rule names the one listed first in the policy', () => {
    const rules = readRules(
      abilityFor(
        matrix,
        staff([
          { name: 'Local reader', businessUnitId: 'east1' },
          { name: 'Deep reader', businessUnitId: 'east1' },
        ]),
      ),
    );
    const unitRules = rules.filter((rule) =>
      JSON.stringify(rule.conditions).includes('owningBusinessUnitId'),
    );
    expect(unitRules.map((rule) => (rule.provenance as { securityRole: string }).securityRole)).toEqual([
      'Local reader',
    ]);
  });
});

describe('reaches are told apart by their rows, never by how their ids read', () => {
  // The column holds an owner or a unit; the user and her team ("ulla", "t1") run together spell her unit,
  // with or without a NUL between them. (A user whose id is also a unit's id is compiled with her own ids.)
  for (const unit of ['ullat1', 'ulla\u0000t1']) {
    it(`an owned-rows reach and a unit reach on one column stay apart when the ids run together spell ${JSON.stringify(unit)}`, () => {
      const policy = definePolicy({
        tables: { doc: { owner: 'holder', businessUnit: 'holder' } },
        businessUnits: [{ id: 'hq' }, { id: unit, parent: 'hq' }, { id: 'ulla', parent: 'hq' }],
        securityRoles: [{ name: 'Local', privileges: { doc: { read: 'businessUnit' } } }],
        teams: [{ id: 't1', businessUnitId: 'hq', type: 'owner' }],
      });
      const ability = abilityFor(policy, {
        kind: 'user',
        id: 'ulla',
        businessUnitId: unit,
        licensed: true,
        securityRoles: ['Local'],
        teams: ['t1'],
      });
      const readable = ['ulla', 't1', unit, 'hq'].filter((holder) =>
        ability.can('read', subject('doc', { id: 'd', holder })),
      );
      expect(readable).toEqual(['ulla', 't1', unit]);
    });
  }
});

describe('which reaches a privilege keeps', () => {
  const source = { assignment: {}, level: 'user' } as unknown as ReachSource;
  const ownedBy = (...values: string[]) => ({ field: 'ownerId', values });
  const kept = (...reaches: ReturnType<typeof ownedBy>[]) => {
    const set = new ReachSet(source);
    for (const reach of reaches) set.add(keyOf(reach), reach, source);
    return set.essential().map(({ reach }) => (reach.all ? ['all'] : reach.values));
  };

  it('a reach only partly covered by another is kept, so no owner it names is lost', () => {
    expect(kept(ownedBy('me', 'team0'), ownedBy('me', 'team1'))).toEqual([
      ['me', 'team0'],
      ['me', 'team1'],
    ]);
  });

  it('a reach wholly inside another is dropped', () => {
    expect(kept(ownedBy('me'), ownedBy('me', 'team1'))).toEqual([['me', 'team1']]);
  });
});
