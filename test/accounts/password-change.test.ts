import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  assertNoPasswordChangePending,
  changePassword,
  isLifecycleRefusal,
  isPasswordChangePending,
  OperationNotAllowedError,
  PASSWORD_CHANGE_OPERATION,
  PasswordChangeRequiredError,
  resetPassword,
} from '../../src/accounts/index.js';
import { abilityFor, accessibleWhere, explain, subject } from '../../src/index.js';
import { administrationPolicy, contacts } from '../fixtures/administration.js';
import { customerPortal, order, people } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

const TABLES = ['salesorder', 'salesorderline', 'terms', 'contact'] as const;

describe('after a password reset the contact reaches nothing until the password is changed', () => {
  it('a representative whose password was reset can read neither orders, nor her own row, nor public terms', () => {
    const environment = fakeEnvironment();
    const reset = resetPassword(environment, people.rep).account;
    const ability = abilityFor(customerPortal, reset);
    expect(ability.denial?.code).toBe('must_change_password');
    expect(ability.rules).toEqual([]);
    expect(ability.can('read', order('janes'))).toBe(false);
    expect(ability.can('read', subject('contact', { id: 'rita' }))).toBe(false);
    expect(ability.can('read', subject('terms', { id: 't1' }))).toBe(false);
    expect(ability.can('read', 'terms')).toBe(false);
  });

  it('lists give the no-rows filter for every table, with the reason in the explanation', () => {
    const reset = resetPassword(fakeEnvironment(), people.rep).account;
    const ability = abilityFor(customerPortal, reset);
    for (const table of TABLES) {
      expect(accessibleWhere(ability, 'read', table, { dialect: 'postgres' })).toEqual({
        sql: 'FALSE',
        params: [],
      });
      expect(accessibleWhere(ability, 'read', table, { dialect: 'sqlite' })).toEqual({
        sql: '0',
        params: [],
      });
    }
    const why = explain(ability, 'read', order('sams'));
    expect(why.allowed).toBe(false);
    expect(why.message).toMatch(/must change their password.*only operation allowed is changePassword/);
  });

  it('an administrator whose password was reset administers nobody', () => {
    const environment = fakeEnvironment();
    const rep = resetPassword(environment, contacts.rep).account;
    const admin = administrationBy(abilityFor(administrationPolicy, rep), environment);
    expect(() => admin.blockSignIn(contacts.sam)).toThrow(OperationNotAllowedError);
    expect(() => admin.blockSignIn(contacts.sam)).toThrow(/password/);
  });

  it('changePassword lifts the gate, and the contact reaches what her roles grant again', () => {
    const environment = fakeEnvironment();
    const reset = resetPassword(environment, people.rep).account;
    const changed = changePassword(environment, reset).account;
    expect(isPasswordChangePending(changed)).toBe(false);
    const ability = abilityFor(customerPortal, changed);
    expect(ability.denial).toBeUndefined();
    expect(ability.can('read', order('sams'))).toBe(true);
  });
});

describe('while a password change is pending, changePassword is the only operation', () => {
  it('changePassword passes and every other operation is refused with what to do, on the mustChangePassword field', () => {
    const reset = resetPassword(fakeEnvironment(), people.jane).account;
    expect(PASSWORD_CHANGE_OPERATION).toBe('changePassword');
    expect(() => assertNoPasswordChangePending(reset, 'changePassword')).not.toThrow();
    for (const operation of ['updateProfile', 'read', 'invite', 'ChangePassword', 'changePassword ', '']) {
      let refusal: unknown;
      try {
        assertNoPasswordChangePending(reset, operation);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(PasswordChangeRequiredError);
      expect(isLifecycleRefusal(refusal)).toBe(true);
      expect(refusal).toMatchObject({
        name: 'PasswordChangeRequiredError',
        code: 'password_change_required',
        path: ['mustChangePassword'],
        operation,
        message: expect.stringMatching(/call changePassword first/),
      });
    }
  });

  it('an account without a pending change may perform anything', () => {
    expect(() => assertNoPasswordChangePending(people.jane, 'updateProfile')).not.toThrow();
    expect(() =>
      assertNoPasswordChangePending({ id: 'jane', mustChangePassword: false }, 'updateProfile'),
    ).not.toThrow();
  });

  it('a mistyped flag counts as pending: it fails closed', () => {
    const mistyped = { id: 'jane', mustChangePassword: 'true' as unknown as boolean };
    expect(isPasswordChangePending(mistyped)).toBe(true);
    expect(() => assertNoPasswordChangePending(mistyped, 'updateProfile')).toThrow(
      PasswordChangeRequiredError,
    );
  });
});
