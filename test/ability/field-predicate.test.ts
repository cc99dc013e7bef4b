import { describe, expect, it } from 'vitest';
import { abilityFor, type PortalRawRule, subject } from '../../src/index.js';
import { customerPortal, orders, people } from '../fixtures/customer-portal.js';

describe('a conditional deny of a column, added with update, is decided as CASL decides it', () => {
  it('an inverted rule denies the column on the rows it matches and leaves it on the rows it does not', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const cannotReadStatus = {
      action: 'read',
      subject: 'salesorder',
      fields: ['status'],
      inverted: true,
      conditions: { operator: 'eq', field: 'id', value: 'SO-1' },
    };
    jane.update([...(jane.rules as unknown as PortalRawRule[]), cannotReadStatus] as never);
    const first = subject('salesorder', { ...orders.janes, id: 'SO-1' });
    const other = subject('salesorder', { ...orders.janes, id: 'SO-7' });
    expect(jane.can('read', first, 'status')).toBe(false);
    expect(jane.fieldPredicateFor('read', 'salesorder', 'status')(first)).toBe(false);
    expect(jane.can('read', first, 'orderedBy')).toBe(true);
    expect(jane.can('read', first)).toBe(true);
    expect(jane.can('read', other, 'status')).toBe(true);
    expect(jane.fieldPredicateFor('read', 'salesorder', 'status')(other)).toBe(true);
  });

  it('an untagged row (an embedded parent) is decided by the table’s rules, never by a grant on all', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const readAnythingsStatus = { action: 'read', subject: 'all', fields: ['status'] };
    const cannotReadStatus = {
      action: 'read',
      subject: 'salesorder',
      fields: ['status'],
      inverted: true,
      conditions: { operator: 'eq', field: 'id', value: 'SO-1' },
    };
    const rules = [...(jane.rules as unknown as PortalRawRule[]), readAnythingsStatus, cannotReadStatus];
    jane.update(rules as never);
    const status = jane.fieldPredicateFor('read', 'salesorder', 'status');
    expect(status({ ...orders.janes, id: 'SO-1' })).toBe(false);
    expect(status({ ...orders.janes, id: 'SO-7' })).toBe(true);
  });
});
