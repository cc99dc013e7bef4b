import { describe, expect, it } from 'vitest';
import { abilityFor, accessibleWhere, definePolicy, type PortalRawRule } from '../../src/index.js';
import { accessibleFragments } from '../../src/query/accessible-where.js';
import { FRAGMENTS_PER_ABILITY, frozenFragment } from '../../src/query/fragment-cache.js';
import { customerPortalInput, people } from '../fixtures/customer-portal.js';

const policy = definePolicy({
  ...customerPortalInput,
  tables: {
    ...customerPortalInput.tables,
    salesorder: { ...customerPortalInput.tables.salesorder, sql: { table: 'sales_order' } },
  },
});

function setup() {
  const jane = abilityFor(policy, people.jane);
  const rep = abilityFor(policy, people.rep);
  return { jane, rep };
}

describe('the SQL fragment kept per ability', () => {
  it('answers the same request on the same ability with the identical frozen fragment', () => {
    const { jane } = setup();
    const first = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const second = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.params)).toBe(true);
    expect(first).toEqual({ sql: '"sales_order"."orderedBy" = $1', params: ['jane'] });
  });

  it('never shares a fragment between actions, tables, dialects, aliases or placeholder numbers', () => {
    const { jane } = setup();
    const fragments = [
      accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' }),
      accessibleWhere(jane, 'write', 'salesorder', { dialect: 'postgres' }),
      accessibleWhere(jane, 'read', 'salesorderline', { dialect: 'postgres' }),
      accessibleWhere(jane, 'read', 'salesorder', { dialect: 'sqlite' }),
      accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', alias: 'o' }),
      accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', firstParameter: 3 }),
    ];
    expect(new Set(fragments).size).toBe(fragments.length);
    expect(fragments[3]).toEqual({ sql: '"sales_order"."orderedBy" = ?', params: ['jane'] });
    expect(fragments[4]).toEqual({ sql: '"o"."orderedBy" = $1', params: ['jane'] });
    expect(fragments[5]).toEqual({ sql: '"sales_order"."orderedBy" = $3', params: ['jane'] });
  });

  it('answers a request right after one that differs in a single value with its own fragment', () => {
    const { jane } = setup();
    const base = () => accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const mapping = { salesorder: { table: 'orders_a' } };
    const neighbours = [
      () => accessibleWhere(jane, 'write', 'salesorder', { dialect: 'postgres' }),
      () => accessibleWhere(jane, 'read', 'salesorderline', { dialect: 'postgres' }),
      () => accessibleWhere(jane, 'read', 'salesorder', { dialect: 'sqlite' }),
      () => accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', alias: 'o' }),
      () => accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', firstParameter: 3 }),
      () => accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', mapping }),
      () => accessibleFragments(jane, 'read', 'salesorder', { dialect: 'postgres' }),
    ];
    const first = base();
    for (const neighbour of neighbours) {
      expect(base()).toBe(first);
      // Asked right after the base request: the last request kept must not answer it.
      expect(neighbour()).not.toBe(first);
      expect(base()).toBe(first);
    }
  });

  it('answers placeholder 1 alike whether firstParameter is left out or given as 1', () => {
    const { jane } = setup();
    const implicit = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', firstParameter: 1 })).toBe(
      implicit,
    );
  });

  it('never shares a fragment between two principals', () => {
    const { jane, rep } = setup();
    const janes = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const reps = accessibleWhere(rep, 'read', 'salesorder', { dialect: 'postgres' });
    expect(reps).not.toBe(janes);
    expect(reps.params).toEqual(['X', 'usmf']);
  });

  it('keeps where-fragments and query-builder fragments apart', () => {
    const { jane } = setup();
    const where = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const cut = accessibleFragments(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(cut).toEqual({ strings: ['"sales_order"."orderedBy" = ', ''], params: ['jane'] });
    expect(accessibleFragments(jane, 'read', 'salesorder', { dialect: 'postgres' })).toBe(cut);
    expect(Object.isFrozen(cut.strings)).toBe(true);
    expect(where).not.toBe(cut);
  });

  it('cannot be poisoned by a caller changing the params it was given', () => {
    const { jane } = setup();
    const first = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(() => {
      (first.params as string[])[0] = 'sam';
    }).toThrow(TypeError);
    expect(() => (first.params as string[]).push('sam')).toThrow(TypeError);
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' }).params).toEqual(['jane']);
  });

  it('freezes the list inside an array parameter too', () => {
    const filter = frozenFragment({ sql: '"o"."bu" = ANY($1::text[])', params: [['bu1', 'bu2']] });
    expect(Object.isFrozen(filter.params[0])).toBe(true);
    expect(() => filter.params[0]?.push('bu3')).toThrow(TypeError);
  });

  it('builds a mapped request afresh, so a mapping changed between calls is honoured', () => {
    const { jane } = setup();
    const mapping: Record<string, { table: string }> = { salesorder: { table: 'orders_a' } };
    const first = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', mapping });
    mapping.salesorder = { table: 'orders_b' };
    const other = { salesorder: { table: 'orders_b' } };
    const second = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', mapping: other });
    expect(first.sql).toBe('"orders_a"."orderedBy" = $1');
    expect(second.sql).toBe('"orders_b"."orderedBy" = $1');
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', mapping: other })).not.toBe(
      second,
    );
  });

  it('reads options from own properties only, for the key as for the fragment', () => {
    const { jane } = setup();
    const plain = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const inherited = Object.assign(Object.create({ alias: 'x', firstParameter: 9 }), {
      dialect: 'postgres',
    });
    expect(accessibleWhere(jane, 'read', 'salesorder', inherited)).toBe(plain);
  });

  it('forgets the fragments of an ability whose rules are replaced with update', () => {
    const { jane } = setup();
    const before = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(before.sql).not.toBe('TRUE');
    const everything = { action: 'read', subject: 'salesorder' } as unknown as PortalRawRule;
    jane.update([everything] as never);
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' })).toEqual({
      sql: 'TRUE',
      params: [],
    });
    jane.update([] as never);
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' }).sql).toBe('FALSE');
  });

  it('forgets them even when update is given the very same rule list, changed in place', () => {
    const { jane } = setup();
    accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    const rules = jane.rules as unknown as PortalRawRule[];
    rules.splice(0, rules.length);
    jane.update(rules as never);
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' }).sql).toBe('FALSE');
  });

  it('throws again for a request that threw, keeping nothing', () => {
    const { jane } = setup();
    const unknown = () =>
      accessibleWhere(jane, 'read', 'nosuchtable' as 'salesorder', { dialect: 'postgres' });
    expect(unknown).toThrow(/not declared by the policy/);
    expect(unknown).toThrow(/not declared by the policy/);
  });

  it('keeps a bounded number of fragments per ability, dropping the oldest', () => {
    const { jane } = setup();
    const first = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    for (let n = 2; n <= FRAGMENTS_PER_ABILITY + 1; n += 1) {
      accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres', firstParameter: n });
    }
    const again = accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
