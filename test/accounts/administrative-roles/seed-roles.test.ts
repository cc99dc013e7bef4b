import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  administrativeTarget,
  OperationNotAllowedError,
} from '../../../src/accounts/index.js';
import { abilityFor, explain, subject } from '../../../src/index.js';
import { administrator, contacts, administrationPolicy as policy } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';

function setup() {
  const environment = fakeEnvironment();
  const globalAdmin = administrator('gina', ['Global administrator']);
  const otherGlobalAdmin = administrator('gus', ['Global administrator']);
  const userAdmin = administrator('ursula', ['User administrator']);
  const passwordAdmin = administrator('paul', ['Password administrator']);
  const helpdesk = administrator('hal', ['Helpdesk agent']);
  const employee = administrator('eve', [], { businessUnitId: 'east' });
  const by = (actor: Parameters<typeof abilityFor>[1]) =>
    administrationBy(abilityFor(policy, actor), environment);
  const ability = (actor: Parameters<typeof abilityFor>[1]) => abilityFor(policy, actor);
  const target = <T extends Parameters<typeof administrativeTarget>[1]>(account: T) =>
    administrativeTarget(policy, account);
  return {
    environment,
    globalAdmin,
    otherGlobalAdmin,
    userAdmin,
    passwordAdmin,
    helpdesk,
    employee,
    by,
    ability,
    target,
  };
}

describe('the seed administrative roles', () => {
  it('a password administrator resets an employee password but not a global administrator password', () => {
    const { by, passwordAdmin, employee, globalAdmin, ability, target } = setup();
    const { account, event } = by(passwordAdmin).resetPassword(employee);
    expect(account.mustChangePassword).toBe(true);
    expect(event).toMatchObject({ type: 'account.passwordReset', actorId: 'paul', subjectId: 'eve' });
    expect(ability(passwordAdmin).can('resetPassword', target(globalAdmin))).toBe(false);
    expect(() => by(passwordAdmin).resetPassword(globalAdmin)).toThrow(OperationNotAllowedError);
  });

  it('only a global administrator may reset a global administrator password', () => {
    const { by, ability, target, globalAdmin, otherGlobalAdmin, userAdmin, passwordAdmin, helpdesk } =
      setup();
    for (const actor of [userAdmin, passwordAdmin, helpdesk]) {
      expect(ability(actor).can('resetPassword', target(globalAdmin))).toBe(false);
    }
    expect(by(otherGlobalAdmin).resetPassword(globalAdmin).event.actorId).toBe('gus');
  });

  it('a user administrator deletes and restores an employee but cannot purge', () => {
    const { by, userAdmin, employee, ability, target } = setup();
    const admin = by(userAdmin);
    const deleted = admin.deleteAccount(employee);
    expect(deleted.event).toMatchObject({ type: 'account.deleted', actorId: 'ursula' });
    expect(() => admin.purge(deleted.account)).toThrow(
      expect.objectContaining({ code: 'operation_not_allowed', operation: 'purge', targetId: 'eve' }),
    );
    expect(ability(userAdmin).can('purge', target(deleted.account))).toBe(false);
    const licences = { seats: 1, users: [{ ...deleted.account, licensed: true }], invitations: [] };
    expect(admin.restore(deleted.account, deleted.deletion, licences).account.state).toBe('active');
  });

  it('a helpdesk agent cannot assign licences, and the refusal says why', () => {
    const { by, helpdesk, employee } = setup();
    const licences = { seats: 5, users: [{ ...employee, licensed: false }], invitations: [] };
    let refusal: unknown;
    try {
      by(helpdesk).assignLicences(licences, ['eve']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OperationNotAllowedError);
    expect((refusal as Error).message).toMatchInlineSnapshot(
      `"user "hal" cannot assignLicense user "eve": a Helpdesk agent may not assign licences to user accounts; ask someone whose administrative role allows assignLicense on this account"`,
    );
  });

  it('a helpdesk agent blocks and unblocks an employee sign-in, and every event names them', () => {
    const { by, helpdesk, employee } = setup();
    const admin = by(helpdesk);
    const blocked = admin.blockSignIn(employee);
    const unblocked = admin.unblockSignIn(blocked.account);
    expect([blocked.event.actorId, unblocked.event.actorId]).toEqual(['hal', 'hal']);
    expect(unblocked.account.state).toBe('active');
  });

  it('a customer representative manages the contacts of their own company only', () => {
    const { by, ability, target } = setup();
    const rep = ability(contacts.rep);
    expect(rep.can('resetPassword', target(contacts.jane))).toBe(true);
    expect(rep.can('blockSignIn', target(contacts.sam))).toBe(true);
    expect(rep.can('resetPassword', target(contacts.may))).toBe(false);
    expect(rep.can('resetPassword', target({ kind: 'user', id: 'eve', businessUnitId: 'east' }))).toBe(false);
    expect(by(contacts.rep).disable(contacts.jane).event).toMatchObject({
      actorId: 'rita',
      subjectId: 'jane',
    });
    expect(() => by(contacts.rep).disable(contacts.may)).toThrow(
      /"Company contact manager" .* requires accountId = "X", the record has "Y"/,
    );
  });

  it('administrative roles grant no data access by themselves', () => {
    const { ability, globalAdmin } = setup();
    const onlyAdmin = ability({ ...globalAdmin, securityRoles: [], licensed: false });
    expect(
      onlyAdmin.can(
        'read',
        subject('salesorder', { id: 'SO-1', ownerId: 'x', owningBusinessUnitId: 'root' }),
      ),
    ).toBe(false);
    expect(onlyAdmin.denial?.code).toBe('no_role');
    expect(onlyAdmin.portalRules.every((rule) => rule.provenance.kind === 'administrativeRole')).toBe(true);
    expect(explain(onlyAdmin, 'read', 'salesorder')).toMatchObject({
      reason: { code: 'gate', gate: onlyAdmin.denial },
    });
    expect(onlyAdmin.can('purge', 'user')).toBe(true);
  });

  it('a data grant to delete contact rows never deletes a contact account', () => {
    const { ability, target } = setup();
    const portalAdmin = ability({
      kind: 'contact',
      id: 'admin',
      accountId: 'ADM',
      legalEntity: 'usmf',
      webRoles: ['Administrator'],
    });
    expect(portalAdmin.can('deleteAccount', target(contacts.jane))).toBe(false);
  });

  it('a target whose administrative roles were not looked at is treated as an administrator', () => {
    const { ability, passwordAdmin, employee } = setup();
    expect(ability(passwordAdmin).can('resetPassword', subject('user', { ...employee }))).toBe(false);
  });

  it('a user administrator limited to their business unit acts on users of their unit or below only', () => {
    const { ability, target } = setup();
    const salesAdmin = ability(
      administrator('sid', ['Sales user administrator'], { businessUnitId: 'sales' }),
    );
    expect(
      salesAdmin.can('resetPassword', target(administrator('e1', [], { businessUnitId: 'east1' }))),
    ).toBe(true);
    expect(
      salesAdmin.can('resetPassword', target(administrator('n1', [], { businessUnitId: 'north' }))),
    ).toBe(false);
    expect(salesAdmin.can('resetPassword', target(contacts.jane))).toBe(false);
  });

  it('a disabled or deleted administrator administers nobody', () => {
    const { ability, target, employee } = setup();
    for (const extra of [{ enabled: false }, { state: 'deleted' as const }, { mustChangePassword: true }]) {
      expect(
        ability(administrator('x', ['Global administrator'], extra)).can('resetPassword', target(employee)),
      ).toBe(false);
    }
  });

  it('an account whose kind or administrative roles come only from a polluted prototype is not taken for one', () => {
    const { passwordAdmin, ability, target } = setup();
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.kind = 'user';
      expect(() => target({ id: 'x' } as never)).toThrowError(
        expect.objectContaining({ code: 'invalid_target' }),
      );
      delete proto.kind;
      proto.administrativeRoles = ['Password administrator'];
      const plain = target({ kind: 'user', id: 'x' });
      expect(plain.isAdministrator).toBe('no');
      expect(ability(passwordAdmin).can('resetPassword', plain)).toBe(true);
    } finally {
      delete proto.kind;
      delete proto.administrativeRoles;
    }
  });
});
