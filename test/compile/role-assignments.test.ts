import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, type PrincipalValidationError } from '../../src/index.js';
import { internalInput, internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

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

describe("a user's names are checked against the policy, each refusal with its own code and path (D18)", () => {
  const issuesOf = (user: Parameters<typeof abilityFor>[1], policy = internalPolicy) => {
    try {
      abilityFor(policy, user);
    } catch (error) {
      return (error as PrincipalValidationError).issues.map(({ code, path }) => ({ code, path }));
    }
    return [];
  };

  it('unknown units, roles and teams, and a user id that is a team id, are refused one by one', () => {
    expect(issuesOf(staff(['Local raeder'], { businessUnitId: 'sals', teams: ['north-dsk'] }))).toEqual([
      { code: 'unknown_business_unit', path: ['businessUnitId'] },
      { code: 'unknown_security_role', path: ['securityRoles', 0] },
      { code: 'unknown_team', path: ['teams', 0] },
    ]);
    expect(issuesOf(staff(['Local reader'], { id: 'north-desk' }))).toEqual([
      { code: 'owner_id_conflict', path: ['id'] },
    ]);
  });

  it("a role from another unit is refused at that assignment's unit, and an unknown unit there too", () => {
    expect(issuesOf(staff(['Basic reader', { name: 'Local reader', businessUnitId: 'north' }]))).toEqual([
      { code: 'role_from_other_business_unit', path: ['securityRoles', 1, 'businessUnitId'] },
    ]);
    const matrix = definePolicy({ ...internalInput, matrixDataAccess: true });
    expect(issuesOf(staff([{ name: 'Local reader', businessUnitId: 'nowhere' }]), matrix)).toEqual([
      { code: 'unknown_business_unit', path: ['securityRoles', 0, 'businessUnitId'] },
    ]);
  });
});
