import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, type PolicyInput } from '../../src/index.js';
import { arbitraryUser } from '../../src/testing/index.js';

const withTeams = (teams: PolicyInput['teams']): PolicyInput => ({
  tables: { salesorder: { owner: 'ownerId', businessUnit: 'unitId' } },
  businessUnits: [{ id: 'root' }, { id: 'sales', parent: 'root' }],
  securityRoles: [{ name: 'Reader', privileges: { salesorder: { read: 'user' } } }],
  teams,
});

describe('arbitraryUser', () => {
  it('generates users for a policy with fewer than two teams', () => {
    for (const teams of [[], [{ id: 'only', businessUnitId: 'root', type: 'owner' as const }]]) {
      expect(fc.sample(arbitraryUser(withTeams(teams)), 20)).toHaveLength(20);
    }
  });

  it('never lists a default team, so every generated user is one abilityFor accepts', () => {
    const input = withTeams([
      { id: 'root-default', businessUnitId: 'root', type: 'owner', isDefault: true },
      { id: 'sales-default', businessUnitId: 'sales', type: 'owner', isDefault: true },
      { id: 'desk', businessUnitId: 'sales', type: 'owner' },
    ]);
    const policy = definePolicy(input);
    for (const user of fc.sample(arbitraryUser(input), 200)) {
      expect(user.teams ?? []).not.toContain('root-default');
      expect(user.teams ?? []).not.toContain('sales-default');
      expect(() => abilityFor(policy, user)).not.toThrow();
    }
  });
});
