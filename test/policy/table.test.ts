import { describe, expect, it } from 'vitest';
import { abilityFor, subject } from '../../src/index.js';
import { internalPolicy, salesOrder } from '../fixtures/internal-users.js';

// RELIABILITY 19: Object.prototype is polluted after the policy was defined, while abilities are compiled.
function polluting(field: string, value: unknown, run: () => void): void {
  Object.defineProperty(Object.prototype, field, { value, configurable: true, writable: true });
  try {
    run();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[field];
  }
}

const configurator = {
  kind: 'user',
  id: 'cora',
  businessUnitId: 'sales',
  securityRoles: ['Configurator'],
  accessMode: 'administrative',
} as const;

describe('table declarations are read from own fields only (RELIABILITY 19)', () => {
  it('a polluted Object.prototype.settings does not let an administrative-mode user reach business data', () => {
    polluting('settings', true, () => {
      const ability = abilityFor(internalPolicy, configurator);
      expect(ability.can('read', subject('setting', { id: 'S-1' }))).toBe(true);
      expect(ability.can('read', salesOrder('north'))).toBe(false);
    });
  });
});
