import { describe, expect, it } from 'vitest';
import { abilityFor, filterAccessible, subject } from '../../src/index.js';
import { customerPortal, orders, people, visibility } from '../fixtures/customer-portal.js';

const plainOrders = () => Object.values(orders).map((order) => ({ ...order }));

describe('filterAccessible', () => {
  for (const [persona, visible] of Object.entries(visibility)) {
    it(`${persona} keeps exactly the orders of the visibility table, in order`, () => {
      const ability = abilityFor(customerPortal, people[persona as keyof typeof people]);
      expect(filterAccessible(ability, 'read', 'salesorder', plainOrders())).toEqual(
        visible.map((key) => orders[key]),
      );
    });
  }

  it('keeps the same records as can on tagged copies', () => {
    const ability = abilityFor(customerPortal, people.rep);
    const records = [...plainOrders(), { id: 'SO-NULL', customerAccount: null }, { id: 'SO-MISSING' }];
    expect(filterAccessible(ability, 'read', 'salesorder', records)).toEqual(
      records.filter((record) => ability.can('read', subject('salesorder', { ...record }))),
    );
  });

  it('neither tags nor modifies the caller records, and accepts frozen ones', () => {
    const ability = abilityFor(customerPortal, people.jane);
    const records = plainOrders().map((order) => Object.freeze(order));
    const before = JSON.stringify(records);
    const kept = filterAccessible(ability, 'read', 'salesorder', records);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(records[0]);
    expect(JSON.stringify(records)).toBe(before);
    expect(records.map((record) => Object.getOwnPropertyNames(record))).toEqual(
      records.map(() => ['id', 'customerAccount', 'company', 'orderedBy']),
    );
  });

  it('leaves records free to be tagged with another table afterwards', () => {
    const ability = abilityFor(customerPortal, people.jane);
    const [janes] = filterAccessible(ability, 'read', 'salesorder', plainOrders());
    // CASL refuses to re-tag a record already tagged with a different table.
    expect(() => subject('terms', janes!)).not.toThrow();
  });

  it('an unknown table is an error, not an empty list', () => {
    const ability = abilityFor(customerPortal, people.jane);
    expect(() => filterAccessible(ability, 'read', 'orders' as 'salesorder', plainOrders())).toThrow(
      expect.objectContaining({ code: 'unknown_table' }),
    );
  });
});
