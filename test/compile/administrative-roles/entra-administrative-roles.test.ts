import { describe, expect, it } from 'vitest';
import { administrativeTarget } from '../../../src/accounts/index.js';
import { abilityFor, explain, isPrincipalValidationError, type UserPrincipal } from '../../../src/index.js';
import { ADMINISTRATIVE_OPERATIONS } from '../../../src/policy/administrative-role.js';
import { administrator, contacts, administrationPolicy as policy } from '../../fixtures/administration.js';

/** An internal user holding only Entra roles: no administrative role of the policy, no security role, no licence. */
const entraAdmin = (entraRoles: UserPrincipal['entraRoles'], extra: Partial<UserPrincipal> = {}) =>
  abilityFor(policy, {
    kind: 'user',
    id: 'ada',
    businessUnitId: 'east',
    entraRoles,
    ...extra,
  } as UserPrincipal);
const target = <T extends Parameters<typeof administrativeTarget>[1]>(account: T) =>
  administrativeTarget(policy, account);
const employee = target(administrator('eve', [], { businessUnitId: 'north' }));
const globalAdmin = target({
  kind: 'user',
  id: 'gus',
  businessUnitId: 'root',
  entraRoles: ['Global administrator'],
});
const jane = target(contacts.jane);

describe('Entra directory roles administer accounts without being repeated in administrativeRoles', () => {
  it('a Global administrator may do every operation to every account, administrators included', () => {
    const ability = entraAdmin(['Global administrator']);
    for (const operation of ADMINISTRATIVE_OPERATIONS) {
      for (const account of [employee, globalAdmin, jane]) expect(ability.can(operation, account)).toBe(true);
    }
  });

  it('a User administrator creates, deletes, restores, blocks, resets, invites and licenses non-administrators', () => {
    const ability = entraAdmin(['User administrator']);
    for (const operation of [
      'createUser',
      'updateUser',
      'deleteAccount',
      'restore',
      'disable',
      'enable',
      'blockSignIn',
      'resetPassword',
      'assignLicense',
    ] as const) {
      expect(ability.can(operation, employee)).toBe(true);
      expect(ability.can(operation, globalAdmin)).toBe(false);
    }
    expect(ability.can('invite', jane)).toBe(true);
  });

  it('a User administrator may not purge, hand out administrative roles or assign roles', () => {
    const ability = entraAdmin(['User administrator']);
    expect(ability.can('deleteAccount', employee)).toBe(true);
    for (const operation of ['purge', 'manageRoles', 'assignRole'] as const) {
      expect(ability.can(operation, employee)).toBe(false);
    }
  });

  it.each(['Helpdesk administrator', 'Password administrator'] as const)(
    'a %s resets the passwords of non-administrators only, and does nothing else',
    (role) => {
      const ability = entraAdmin([role]);
      expect(ability.can('resetPassword', employee)).toBe(true);
      expect(ability.can('resetPassword', jane)).toBe(true);
      expect(ability.can('resetPassword', globalAdmin)).toBe(false);
      for (const operation of ADMINISTRATIVE_OPERATIONS.filter((name) => name !== 'resetPassword')) {
        expect(ability.can(operation, employee)).toBe(false);
      }
    },
  );

  it('a Password administrator cannot reset the password of a Helpdesk or Power Platform administrator', () => {
    const ability = entraAdmin(['Password administrator']);
    for (const role of ['Helpdesk administrator', 'Power Platform administrator'] as const) {
      const other = target({ kind: 'user', id: 'hal', businessUnitId: 'east', entraRoles: [role] });
      expect(other.isAdministrator).toBe('yes');
      expect(ability.can('resetPassword', other)).toBe(false);
    }
  });

  it('Power Platform and Dynamics 365 administrators administer no account through their Entra role', () => {
    // Their Entra role still makes them administrators no limited administrator may act on.
    expect(target({ ...employee, entraRoles: ['Dynamics 365 administrator'] }).isAdministrator).toBe('yes');
    for (const role of ['Power Platform administrator', 'Dynamics 365 administrator'] as const) {
      const ability = entraAdmin([role]);
      for (const operation of ADMINISTRATIVE_OPERATIONS) expect(ability.can(operation, employee)).toBe(false);
    }
  });

  it('explain names the Entra role and its limit', () => {
    expect(explain(entraAdmin(['Helpdesk administrator']), 'resetPassword', employee).message).toBe(
      'user "ada" can resetPassword user "eve": Entra role "Helpdesk administrator" over user accounts (non-administrators only)',
    );
  });

  it('an administrative operation is never explained by the access mode, even on a table named contact', () => {
    const why = explain(
      entraAdmin(['Helpdesk administrator'], { accessMode: 'administrative' }),
      'deleteAccount',
      jane,
    );
    expect(why).toMatchObject({ allowed: false, reason: { code: 'no_grant' } });
    expect(why.allowed === false && why.reason.code === 'no_grant' && why.reason.accessMode).toBeFalsy();
  });

  it('a disabled, blocked or reset Entra administrator administers nobody', () => {
    expect(entraAdmin(['Global administrator']).can('resetPassword', employee)).toBe(true);
    for (const extra of [{ enabled: false }, { state: 'blocked' as const }, { mustChangePassword: true }]) {
      expect(entraAdmin(['Global administrator'], extra).can('resetPassword', employee)).toBe(false);
    }
  });
});

describe('Entra roles an attacker shapes', () => {
  it.each([
    [['global administrator']],
    [['Global administrator ']],
    [[' Helpdesk administrator']],
    [['PASSWORD ADMINISTRATOR']],
    [['__proto__']],
    [['constructor']],
    ['Global administrator'],
    [[{ toString: (): string => 'Global administrator' }]],
  ])('entraRoles %j is refused at the entraRoles path, never read as a role', (entraRoles) => {
    // Written exactly, the same roles do grant: the refusal is about the spelling, not the role.
    expect(entraAdmin(['Helpdesk administrator']).can('resetPassword', employee)).toBe(true);
    let error: unknown;
    try {
      entraAdmin(entraRoles as never);
    } catch (caught) {
      error = caught;
    }
    expect(isPrincipalValidationError(error)).toBe(true);
    expect((error as { issues: { path: unknown[] }[] }).issues[0]?.path[0]).toBe('entraRoles');
  });

  it('entraRoles that are not the principal own property grant nothing', () => {
    expect(entraAdmin(['Global administrator']).can('deleteAccount', employee)).toBe(true);
    const inherited = Object.assign(Object.create({ entraRoles: ['Global administrator'] }), {
      kind: 'user',
      id: 'ada',
      businessUnitId: 'east',
    }) as UserPrincipal;
    expect(abilityFor(policy, inherited).can('deleteAccount', employee)).toBe(false);
    class WithGetter {
      readonly kind = 'user';
      readonly id = 'ada';
      readonly businessUnitId = 'east';
      get entraRoles(): string[] {
        return ['Global administrator'];
      }
    }
    expect(abilityFor(policy, new WithGetter() as UserPrincipal).can('deleteAccount', employee)).toBe(false);
  });

  it('a polluted Object.prototype.entraRoles makes no one an administrator, actor or target', () => {
    Object.defineProperty(Object.prototype, 'entraRoles', {
      value: ['Global administrator'],
      configurable: true,
      writable: true,
    });
    try {
      expect(entraAdmin(['Global administrator']).can('deleteAccount', employee)).toBe(true);
      const plain = abilityFor(policy, { kind: 'user', id: 'ada', businessUnitId: 'east' });
      expect(plain.can('deleteAccount', employee)).toBe(false);
      expect(target({ kind: 'user', id: 'x', businessUnitId: 'east' }).isAdministrator).toBe('no');
    } finally {
      delete (Object.prototype as Record<string, unknown>).entraRoles;
    }
  });

  it('a contact cannot carry Entra roles', () => {
    expect(() =>
      abilityFor(policy, { ...contacts.jane, entraRoles: ['Global administrator'] } as never),
    ).toThrow(expect.objectContaining({ code: 'invalid_principal' }));
  });
});
