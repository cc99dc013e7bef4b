import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, isPrincipalValidationError, subject } from '../../src/index.js';
import { account, member, order, sharingInput, sharingPolicy } from '../fixtures/sharing.js';

const invoice = (unit: string) => ({ id: `I-${unit}`, ownerId: 'someone-else', owningBusinessUnitId: unit });

describe('the default team of a business unit', () => {
  it("a unit's users hold the roles of its default team without listing it", () => {
    // Invoice clerk (business-unit read on invoices) is assigned to sales-default only.
    const ability = abilityFor(sharingPolicy, member('ulla', []));
    expect(ability.can('read', subject('invoice', invoice('sales')))).toBe(true);
    expect(ability.can('read', subject('invoice', invoice('service')))).toBe(false);
  });

  it("users of another unit do not get the default team's roles", () => {
    const ability = abilityFor(sharingPolicy, member('sam', ['Basic user'], { businessUnitId: 'service' }));
    expect(ability.can('read', subject('invoice', invoice('sales')))).toBe(false);
  });

  it("a default team's roles count as a role: a user with no other role is not refused as roleless", () => {
    expect(abilityFor(sharingPolicy, member('ulla', [])).denial).toBeUndefined();
    expect(abilityFor(sharingPolicy, member('sam', [], { businessUnitId: 'service' })).denial?.code).toBe(
      'no_role',
    );
  });

  it("a record shared with the default team reaches every user of the unit, within each one's privileges", () => {
    const shared = account('A1', [{ principal: 'sales-default', privileges: ['read'] }]);
    const inSales = abilityFor(sharingPolicy, member('ulla', ['Basic user']));
    const inService = abilityFor(sharingPolicy, member('sam', ['Basic user'], { businessUnitId: 'service' }));
    const withoutRead = abilityFor(sharingPolicy, member('ivy', []));
    expect(inSales.can('read', subject('account', shared))).toBe(true);
    expect(inSales.can('read', subject('salesorder', order('O1', shared)))).toBe(true);
    expect(inService.can('read', subject('account', shared))).toBe(false);
    expect(withoutRead.can('read', subject('account', shared))).toBe(false);
  });

  it("rows the default team owns are the unit's users' own rows (user-level privileges)", () => {
    const owned = { id: 'A2', ownerId: 'sales-default', owningBusinessUnitId: 'root' };
    expect(
      abilityFor(sharingPolicy, member('ulla', ['Basic user'])).can('read', subject('account', owned)),
    ).toBe(true);
    expect(
      abilityFor(sharingPolicy, member('sam', ['Basic user'], { businessUnitId: 'service' })).can(
        'read',
        subject('account', owned),
      ),
    ).toBe(false);
  });

  it("listing the own unit's default team changes nothing; listing another unit's is refused", () => {
    const listed = abilityFor(sharingPolicy, member('ulla', [], { teams: ['sales-default'] }));
    expect(listed.can('read', subject('invoice', invoice('sales')))).toBe(true);
    try {
      abilityFor(
        sharingPolicy,
        member('sam', ['Basic user'], { businessUnitId: 'service', teams: ['sales-default'] }),
      );
      expect.unreachable('a default team of another unit must be refused');
    } catch (error) {
      expect(isPrincipalValidationError(error)).toBe(true);
      expect((error as { issues: { code: string; path: unknown[] }[] }).issues).toEqual([
        expect.objectContaining({ code: 'default_team_membership', path: ['teams', 0] }),
      ]);
    }
  });

  it("the default team's column security profiles apply to the unit's users", () => {
    const policy = definePolicy({
      ...sharingInput,
      tables: {
        ...sharingInput.tables,
        account: { ...sharingInput.tables.account, securedColumns: ['creditLimit'] },
      },
      columnSecurityProfiles: [{ name: 'Credit', columns: { account: { creditLimit: ['read'] } } }],
      teams: [{ ...sharingInput.teams[0], columnSecurityProfiles: ['Credit'] }, sharingInput.teams[1]],
    });
    const owned = subject('account', { id: 'A3', ownerId: 'ulla', owningBusinessUnitId: 'sales' });
    expect(abilityFor(policy, member('ulla', ['Basic user'])).can('read', owned, 'creditLimit')).toBe(true);
    const elsewhere = member('ulla', ['Basic user'], { businessUnitId: 'service' });
    expect(abilityFor(policy, elsewhere).can('read', owned, 'creditLimit')).toBe(false);
  });
});

describe("refusing another unit's default team", () => {
  it('the refusal names the team and the unit whose users its members are, and says how to fix the user', () => {
    const sam = member('sam', ['Basic user'], { businessUnitId: 'service', teams: ['sales-default'] });
    expect(() => abilityFor(sharingPolicy, sam)).toThrowErrorMatchingInlineSnapshot(`
      [PrincipalValidationError: The principal is invalid (1 issue):
      - teams[0]: team "sales-default" is the default team of business unit "sales", whose members are that unit's users only; remove it from the user's teams (or move the user to that unit)]
    `);
  });
});
