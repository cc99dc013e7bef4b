import { describe, expect, it } from 'vitest';
import { abilityFor } from '../../src/index.js';
import { internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

describe('team roles are read from own fields only (RELIABILITY 19)', () => {
  it('a polluted Object.prototype.securityRoles gives a roleless access team no role', () => {
    Object.defineProperty(Object.prototype, 'securityRoles', {
      value: ['Global reader'],
      configurable: true,
      writable: true,
    });
    try {
      const ulla = abilityFor(internalPolicy, staff(['Basic reader'], { teams: ['reviewers'] }));
      expect(ulla.can('read', salesOrder('north'))).toBe(false);
      expect(ulla.can('read', salesOrder('sales', 'ulla'))).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).securityRoles;
    }
  });
});
