import { describe, expect, it } from 'vitest';
import { abilityFor, subject } from '../../src/index.js';
import { customerPortal, order, orders, people, visibility } from '../fixtures/customer-portal.js';

describe('the Customer portal visibility table', () => {
  for (const [persona, visible] of Object.entries(visibility)) {
    it(`${persona} reads exactly ${visible.length ? visible.join(', ') : 'no orders'}`, () => {
      const ability = abilityFor(customerPortal, people[persona as keyof typeof people]);
      const readable = (Object.keys(orders) as (keyof typeof orders)[]).filter((key) =>
        ability.can('read', order(key)),
      );
      expect(readable).toEqual(visible);
    });
  }

  it('May and an anonymous visitor can both read the public terms', () => {
    for (const principal of [people.may, people.visitor]) {
      expect(abilityFor(customerPortal, principal).can('read', subject('terms', { id: 't1' }))).toBe(true);
    }
  });
});
