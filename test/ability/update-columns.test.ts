import { describe, expect, it } from 'vitest';
import { abilityFor, canUpdate, subject } from '../../src/index.js';
import { contacts, order, pricedPortal, users } from '../fixtures/column-security.js';

describe('canUpdate and column security', () => {
  it('an authorized user changes a column they may update on their order', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const stored = order('jane');
    expect(canUpdate(jane, stored, order('jane', { company: 'usmf', ownerId: 'x' }))).toBe(true);
  });

  it('refuses when a changed field lacks update, even an unchanged price left as is', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const stored = order('jane');
    expect(canUpdate(jane, stored, order('jane'))).toBe(true);
    expect(canUpdate(jane, stored, order('jane', { price: 1 }))).toBe(false);
    expect(canUpdate(jane, stored, order('jane', { status: 'closed' }))).toBe(false);
  });

  it('refuses removing a field the principal may not update', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const { price: _price, ...withoutPrice } = order('jane');
    expect(canUpdate(jane, order('jane'), subject('salesorder', withoutPrice))).toBe(false);
  });

  it('counts a value JSON cannot compare (a cycle) as changed, so its column needs update', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const cyclic = (): Record<string, unknown> => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    };
    expect(canUpdate(jane, order('jane', { price: cyclic() }), order('jane', { price: cyclic() }))).toBe(
      false,
    );
    expect(canUpdate(jane, order('jane', { company: cyclic() }), order('jane', { company: cyclic() }))).toBe(
      true,
    );
  });

  it('an internal user updates a secured column only through a profile granting update', () => {
    const own = { ownerId: 'pia' };
    const pia = abilityFor(pricedPortal, users.pia);
    expect(canUpdate(pia, order('jane', own), order('jane', { ...own, price: 99 }))).toBe(true);
    expect(canUpdate(pia, order('jane', own), order('jane', { ...own, total: 99 }))).toBe(false);
    const tom = abilityFor(pricedPortal, users.tom);
    const toms = { ownerId: 'tom' };
    expect(canUpdate(tom, order('jane', toms), order('jane', { ...toms, total: 99 }))).toBe(false);
    expect(canUpdate(tom, order('jane', toms), order('jane', { ...toms, status: 'x' }))).toBe(true);
  });
});
