import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  changeBusinessUnit,
  isLifecycleRefusal,
  type LifecycleUser,
  OperationNotAllowedError,
  PrivilegeElevationError,
} from '../../src/accounts/index.js';
import { abilityFor, definePolicy, type Policy } from '../../src/index.js';
import { administrationInput, administrator } from '../fixtures/administration.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../fixtures/lifecycle-user.js';

// SPEC 2.4: changing a user's business unit removes its role assignments unless the organization setting
// DoNotRemoveRolesOnChangeBusinessUnit is true.
const eve = (securityRoles: string[] = ['Local reader']) =>
  lifecycleUser('eve', { securityRoles, teams: ['reviewers'], administrativeRoles: [] as string[] });
const units = ['root', 'sales', 'east', 'east1', 'service', 'north'];

describe('changeBusinessUnit', () => {
  it('a move removes the security roles by default and keeps the teams', () => {
    const moved = changeBusinessUnit(fakeEnvironment(), {
      user: eve(),
      businessUnitId: 'north',
      actorId: 'a',
    });
    expect(moved.user).toMatchObject({ businessUnitId: 'north', securityRoles: [], teams: ['reviewers'] });
    expect(moved.removedRoles).toEqual(['Local reader']);
    expect(moved.event).toMatchObject({
      type: 'user.businessUnitChanged',
      actorId: 'a',
      details: { from: 'east', businessUnitId: 'north', removedRoles: ['Local reader'] },
    });
  });

  it('DoNotRemoveRolesOnChangeBusinessUnit keeps them; only true does (a mistyped value removes them)', () => {
    const keep = (value: unknown) =>
      changeBusinessUnit(fakeEnvironment(), {
        user: eve(),
        businessUnitId: 'north',
        settings: { DoNotRemoveRolesOnChangeBusinessUnit: value as boolean },
      }).user.securityRoles;
    expect(keep(true)).toEqual(['Local reader']);
    for (const value of [false, 'true', 1, undefined]) expect(keep(value), String(value)).toEqual([]);
  });

  it('a polluted Object.prototype setting does not keep the roles', () => {
    Object.defineProperty(Object.prototype, 'DoNotRemoveRolesOnChangeBusinessUnit', {
      value: true,
      configurable: true,
      writable: true,
    });
    try {
      const moved = changeBusinessUnit(fakeEnvironment(), { user: eve(), businessUnitId: 'north' });
      expect(moved.user.securityRoles).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).DoNotRemoveRolesOnChangeBusinessUnit;
    }
  });

  it('refuses an unknown unit with a did-you-mean, the same unit, and a deleted user', () => {
    const move = (user: LifecycleUser, businessUnitId: string) => () =>
      changeBusinessUnit(fakeEnvironment(), { user, businessUnitId, businessUnits: units });
    expect(move(eve(), 'nort')).toThrow(/business unit "nort" is unknown \(did you mean "north"\?\)/);
    expect(move(eve(), 'east')).toThrow(/already in business unit "east"/);
    expect(move({ ...eve(), state: 'deleted' }, 'north')).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition', from: 'deleted' }),
    );
  });
});

describe('what a move refuses, and what it reports', () => {
  const refusalOf = (run: () => unknown): Record<string, unknown> | undefined => {
    try {
      run();
    } catch (error) {
      return error as Record<string, unknown>;
    }
    return undefined;
  };
  const move = (user: LifecycleUser, businessUnitId: string, businessUnits?: string[]) =>
    refusalOf(() =>
      changeBusinessUnit(fakeEnvironment(), {
        user,
        businessUnitId,
        ...(businessUnits === undefined ? {} : { businessUnits }),
      }),
    );

  it('a move to no unit is refused, asking for the unit, even when no list of units is given', () => {
    for (const businessUnitId of ['', undefined, 7]) {
      expect(move(eve(), businessUnitId as string), String(businessUnitId)).toMatchObject({
        code: 'invalid_lifecycle_input',
        issues: [
          {
            code: 'missing_business_unit',
            path: ['businessUnitId'],
            message: expect.stringMatching(/name the unit/),
          },
        ],
      });
    }
  });

  it('an unknown unit and the same unit are refused on businessUnitId, each with its own code', () => {
    expect(move(eve(), 'nort', units)).toMatchObject({
      issues: [{ code: 'unknown_business_unit', path: ['businessUnitId'] }],
    });
    expect(move(eve(), 'east', units)).toMatchObject({
      issues: [{ code: 'same_business_unit', path: ['businessUnitId'] }],
    });
  });

  it('a deleted or purged user cannot be moved until restored', () => {
    for (const state of ['deleted', 'purged'] as const) {
      const refusal = move({ ...eve(), state }, 'north', units);
      expect(refusal, state).toMatchObject({
        code: 'invalid_account_transition',
        transition: 'move',
        from: state,
      });
      expect(refusal?.message, state).toMatch(/restore the user first/);
    }
  });

  it('a move that keeps the roles removes none and reports them kept only when there were any', () => {
    const settings = { DoNotRemoveRolesOnChangeBusinessUnit: true };
    const kept = changeBusinessUnit(fakeEnvironment(), { user: eve(), businessUnitId: 'north', settings });
    expect(kept).toMatchObject({
      removedRoles: [],
      keptRoles: true,
      event: { details: { removedRoles: [] } },
    });
    const none = changeBusinessUnit(fakeEnvironment(), { user: eve([]), businessUnitId: 'north', settings });
    expect(none).toMatchObject({ removedRoles: [], keptRoles: false });
  });

  it('a move that removes the roles keeps none', () => {
    expect(changeBusinessUnit(fakeEnvironment(), { user: eve(), businessUnitId: 'north' }).keptRoles).toBe(
      false,
    );
  });

  it('a user stored without a list of security roles moves with none removed and none held', () => {
    const { securityRoles: _, ...bare } = eve();
    const moved = changeBusinessUnit(fakeEnvironment(), {
      user: bare as unknown as LifecycleUser,
      businessUnitId: 'north',
    });
    expect(moved).toMatchObject({ removedRoles: [], keptRoles: false, user: { securityRoles: [] } });
  });
});

describe('a business-unit move by an administrator is authorized by its effects', () => {
  const keeping = definePolicy({
    ...administrationInput,
    internalUsers: { DoNotRemoveRolesOnChangeBusinessUnit: true },
  });
  const by = (actor: Parameters<typeof abilityFor>[1], policy: Policy = keeping) =>
    administrationBy(abilityFor(policy, actor), fakeEnvironment());
  const refusalOf = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      if (isLifecycleRefusal(error)) return error;
      throw error;
    }
    return undefined;
  };

  it('an update can no longer move a user: the move has its own operation', () => {
    const admin = by(administrator('ursula', ['User administrator'], { securityRoles: ['Global reader'] }));
    expect(() => admin.updateUser(eve(), { ...eve(), businessUnitId: 'north' })).toThrow(
      /"businessUnitId" cannot be changed/,
    );
    expect(admin.changeBusinessUnit(eve(), 'north').user.businessUnitId).toBe('north');
  });

  it('kept roles count from the new unit, so the actor must hold each one (no elevation through a move)', () => {
    // A sales administrator holding only a Basic reader moves a Global reader within sales: keeping the role
    // would hand out Global reader in the new unit, which assigning it would refuse.
    const sid = administrator('sid', ['Sales user administrator'], {
      businessUnitId: 'sales',
      securityRoles: ['Basic reader'],
    });
    expect(refusalOf(() => by(sid).changeBusinessUnit(eve(['Global reader']), 'east1'))).toBeInstanceOf(
      PrivilegeElevationError,
    );
    expect(by(sid).changeBusinessUnit(eve(['Basic reader']), 'east1').user.securityRoles).toEqual([
      'Basic reader',
    ]);
  });

  it('a move that changes roles needs assignRole, and the moved user must stay in reach', () => {
    // The built-in user administrator may update and assign roles; a custom "Mover" may only update.
    const policy = definePolicy({
      ...administrationInput,
      administrativeRoles: [
        ...administrationInput.administrativeRoles,
        { name: 'Mover', operations: ['updateUser'], targets: { kinds: ['user'] } },
      ],
    });
    const mover = by(administrator('mo', ['Mover']), policy);
    expect(refusalOf(() => mover.changeBusinessUnit(eve(), 'north'))).toBeInstanceOf(
      OperationNotAllowedError,
    );
    expect(mover.changeBusinessUnit(eve([]), 'north').user.businessUnitId).toBe('north');
    const sid = by(administrator('sid', ['Sales user administrator'], { businessUnitId: 'sales' }), policy);
    expect(refusalOf(() => sid.changeBusinessUnit(eve(), 'north'))).toBeInstanceOf(OperationNotAllowedError);
    expect(sid.changeBusinessUnit(eve(), 'east1').user).toMatchObject({
      businessUnitId: 'east1',
      securityRoles: [],
    });
  });
});
