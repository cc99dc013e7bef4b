import { afterEach, describe, expect, it, vi } from 'vitest';
import { abilityFor, configure, type PortalAbility, type PortalRawRule } from '../../src/index.js';
import { customerPortal, order, orders, people, visibility } from '../fixtures/customer-portal.js';

// An ability decides from its rules however it holds them: bound from a template shared by principals that
// differ only in their ids, compiled alone (`jitless`), after CASL indexed them, or after `update` gave them
// again. Each way reaches different code; these tests run every way against the documented visibility table.
type Persona = keyof typeof visibility;
type Way = (persona: Persona) => PortalAbility;

const fresh = (persona: Persona) => abilityFor(customerPortal, people[persona]);
const ways: Record<string, Way> = {
  'bound from a template': fresh,
  'compiled alone (jitless)': (persona) => {
    configure({ jitless: true });
    return fresh(persona);
  },
  'indexed by CASL first': (persona) => {
    const ability = fresh(persona);
    ability.rulesFor('read', 'salesorder');
    return ability;
  },
  'compiled alone and indexed by CASL first': (persona) => {
    configure({ jitless: true });
    const ability = fresh(persona);
    ability.possibleRulesFor('read', 'salesorder');
    return ability;
  },
  'given its own rules again with update': (persona) => {
    const ability = fresh(persona);
    return ability.update([...(ability.rules as unknown as PortalRawRule[])] as never);
  },
};

const keys = Object.keys(orders) as (keyof typeof orders)[];

afterEach(() => {
  configure({ jitless: false });
});

describe('every way an ability holds its rules answers the visibility table alike', () => {
  for (const [way, build] of Object.entries(ways)) {
    it(`${way}: each persona reads exactly the orders of the table, by can, check, a column and the predicate`, () => {
      for (const persona of Object.keys(visibility) as Persona[]) {
        const ability = build(persona);
        const readable = keys.filter((key) => ability.can('read', order(key)));
        expect(readable, persona).toEqual(visibility[persona]);
        expect(keys.filter((key) => ability.can('read', order(key), 'status'))).toEqual(readable);
        expect(keys.filter((key) => ability.check('read', 'salesorder', { ...orders[key] }))).toEqual(
          readable,
        );
        const predicate = ability.predicateFor('read', 'salesorder');
        expect(keys.filter((key) => predicate({ ...orders[key] }))).toEqual(readable);
        expect(ability.rules.length).toBe(fresh(persona).rules.length);
      }
    });
  }
});

// PortalAbility's promise: a record check runs the ability's compiled predicate and never builds CASL's rule
// index (CASL's `can` asks `relevantRuleFor`, which needs the index).
describe('a tagged record is decided by the compiled predicate, never by CASL’s index', () => {
  for (const jitless of [false, true]) {
    it(`${jitless ? 'compiled alone' : 'bound from a template'}: row checks, cold and warm, allowed and refused, and column checks ask no rule of CASL`, () => {
      configure({ jitless });
      const rep = fresh('rep');
      const asked = [
        vi.spyOn(rep, 'relevantRuleFor'),
        vi.spyOn(rep, 'rulesFor'),
        vi.spyOn(rep, 'possibleRulesFor'),
      ];
      expect(keys.map((key) => rep.can('read', order(key)))).toEqual([true, true, false]);
      expect(keys.map((key) => rep.can('read', order(key)))).toEqual([true, true, false]);
      expect(rep.can('write', order('janes'))).toBe(false);
      for (const spy of asked) expect(spy).not.toHaveBeenCalled();
      // A column's predicate is compiled once from CASL's rules for that column; the checks themselves never
      // go through CASL's `can`.
      expect(keys.map((key) => rep.can('read', order(key), 'status'))).toEqual([true, true, false]);
      expect(keys.map((key) => rep.can('read', order(key), 'status'))).toEqual([true, true, false]);
      expect(asked[0]).not.toHaveBeenCalled();
      expect(asked[1]).toHaveBeenCalledTimes(1);
    });
  }
});

describe('principals that differ only in their ids share one template', () => {
  it('a rule that holds no id is one frozen object for both, and each reads only their own orders', () => {
    const [jane, sam] = [fresh('jane'), fresh('sam')];
    const terms = (ability: PortalAbility) => ability.portalRules.find((rule) => rule.subject === 'terms');
    expect(terms(jane)).toBeDefined();
    expect(terms(jane)).toBe(terms(sam));
    expect(Object.isFrozen(terms(jane))).toBe(true);
    expect(jane.can('read', order('janes'))).toBe(true);
    expect(sam.can('read', order('janes'))).toBe(false);
  });
});
