import { describe, expect, it } from 'vitest';
import {
  blockSignIn,
  changePassword,
  DAY_MS,
  deleteAccount,
  disableAccount,
  enableAccount,
  isPurgeDue,
  purgeAccount,
  RESTORE_WINDOW_MS,
  resetPassword,
  restoreAccount,
  unblockSignIn,
} from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, subject } from '../../src/index.js';
import { customerPortal, order } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { refusalOf } from '../fixtures/refusal.js';

function setup() {
  const environment = fakeEnvironment();
  const jane: ContactPrincipal = {
    kind: 'contact',
    id: 'jane',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
  };
  const user = {
    kind: 'user' as const,
    id: 'u1',
    businessUnitId: 'A',
    securityRoles: ['Salesperson'],
    accessMode: 'read-write' as const,
    enabled: true,
    licensed: true,
    userType: 'person' as const,
  };
  return { environment, jane, user };
}

const readsOwnOrder = (contact: ContactPrincipal): boolean =>
  abilityFor(customerPortal, contact).can('read', order('janes'));

describe('account states', () => {
  it('blocks and unblocks sign-in; a blocked contact has no access', () => {
    const { environment, jane } = setup();
    const blocked = blockSignIn(environment, jane, 'admin');
    expect(blocked.account.state).toBe('blocked');
    expect(blocked.event).toMatchObject({
      type: 'account.signInBlocked',
      actorId: 'admin',
      subjectId: 'jane',
    });
    expect(readsOwnOrder(blocked.account)).toBe(false);
    expect(abilityFor(customerPortal, blocked.account).denial?.code).toBe('account_blocked');
    const unblocked = unblockSignIn(environment, blocked.account);
    expect(readsOwnOrder(unblocked.account)).toBe(true);
    expect(jane.state).toBeUndefined();
  });

  it('disables and enables, keeping a user’s enabled flag in step and its roles', () => {
    const { environment, user } = setup();
    const disabled = disableAccount(environment, user);
    expect(disabled.account).toMatchObject({
      state: 'disabled',
      enabled: false,
      securityRoles: ['Salesperson'],
    });
    expect(enableAccount(environment, disabled.account).account).toMatchObject({
      state: 'active',
      enabled: true,
    });
  });

  it('enables a user that is only marked not enabled', () => {
    const { environment, user } = setup();
    expect(enableAccount(environment, { ...user, enabled: false }).account.enabled).toBe(true);
  });

  it('refuses to enable a stub user', () => {
    const { environment, user } = setup();
    expect(() => enableAccount(environment, { ...user, userType: 'stub', enabled: false })).toThrow(
      expect.objectContaining({ code: 'stub_user' }),
    );
  });

  it('refuses transitions from the wrong state with the state in the error', () => {
    const { environment, jane } = setup();
    expect(() => unblockSignIn(environment, jane)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition', from: 'active' }),
    );
    expect(() => enableAccount(environment, jane)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    expect(() => purgeAccount(environment, jane)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    const { account: deleted } = deleteAccount(environment, jane);
    expect(() => blockSignIn(environment, deleted)).toThrow(expect.objectContaining({ from: 'deleted' }));
    expect(() => disableAccount(environment, deleted)).toThrow(expect.objectContaining({ from: 'deleted' }));
    expect(() => deleteAccount(environment, deleted)).toThrow(expect.objectContaining({ from: 'deleted' }));
    expect(() => resetPassword(environment, deleted)).toThrow(expect.objectContaining({ from: 'deleted' }));
  });

  it('restores a deleted account at 30 days − 1 ms with its previous state and roles, and refuses at exactly 30 days', () => {
    const { environment, jane } = setup();
    const blocked = blockSignIn(environment, jane).account;
    const { account: deleted, deletion } = deleteAccount(environment, blocked);
    expect(deletion.restorableUntil - deletion.at).toBe(30 * DAY_MS);
    expect(readsOwnOrder(deleted)).toBe(false);
    environment.advance(RESTORE_WINDOW_MS);
    expect(isPurgeDue(deletion, environment.now() as number)).toBe(true);
    expect(() => restoreAccount(environment, deleted, deletion)).toThrow(
      expect.objectContaining({ code: 'restore_window_closed' }),
    );
    environment.advance(-1);
    expect(isPurgeDue(deletion, environment.now() as number)).toBe(false);
    const restored = restoreAccount(environment, deleted, deletion, 'admin');
    expect(restored.account).toEqual({ ...jane, state: 'blocked' });
    expect(restored.event).toMatchObject({ type: 'account.restored', actorId: 'admin' });
  });

  it('restores a user with its roles and licence', () => {
    const { environment, user } = setup();
    const { account, deletion } = deleteAccount(environment, user);
    expect(account).toMatchObject({ state: 'deleted', enabled: false, licensed: true });
    const licences = { seats: 1, users: [account], invitations: [] };
    expect(restoreAccount(environment, account, deletion, undefined, licences).account).toEqual({
      ...user,
      state: 'active',
    });
  });

  it('refuses a deletion record of another account', () => {
    const { environment, jane } = setup();
    const { account } = deleteAccount(environment, jane);
    const other = deleteAccount(environment, { ...jane, id: 'sam' }).deletion;
    expect(() => restoreAccount(environment, account, other)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
  });

  it('purges early or late, after which nothing restores it', () => {
    const { environment, jane } = setup();
    const { account, deletion } = deleteAccount(environment, jane);
    const purged = purgeAccount(environment, account).account;
    expect(purged.state).toBe('purged');
    expect(abilityFor(customerPortal, purged).denial?.code).toBe('account_purged');
    expect(() => restoreAccount(environment, purged, deletion)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
  });

  it('a password reset leaves the contact no data at all until the password is changed', () => {
    const { environment, jane } = setup();
    const reset = resetPassword(environment, jane, 'admin').account;
    const ability = abilityFor(customerPortal, reset);
    expect(ability.can('read', order('janes'))).toBe(false);
    expect(ability.can('read', subject('contact', { id: 'jane' }))).toBe(false);
    expect(ability.denial?.code).toBe('must_change_password');
    const changed = changePassword(environment, reset);
    expect(changed.event).toMatchObject({ type: 'account.passwordChanged', actorId: 'jane' });
    expect(readsOwnOrder(changed.account)).toBe(true);
  });

  it('refuses a password change while blocked and a password reset of a stub user', () => {
    const { environment, jane, user } = setup();
    expect(() => changePassword(environment, blockSignIn(environment, jane).account)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    expect(() => resetPassword(environment, { ...user, userType: 'stub' })).toThrow(
      expect.objectContaining({ code: 'stub_user' }),
    );
  });
});

describe('a disabled account stays disabled through other transitions', () => {
  it('a user marked not enabled cannot be re-enabled by blocking then unblocking its sign-in', () => {
    const { environment, user } = setup();
    const disabled = { ...user, enabled: false };
    expect(() => blockSignIn(environment, disabled)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    // A blocked user whose enabled flag is off stays not enabled when the block is lifted.
    expect(() => unblockSignIn(environment, { ...user, state: 'blocked' as const, enabled: false })).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
  });

  it('a user marked not enabled comes back disabled after a delete and a restore', () => {
    const { environment, user } = setup();
    const deleted = deleteAccount(environment, { ...user, enabled: false });
    expect(deleted.deletion.previousState).toBe('disabled');
    const licences = { seats: 1, users: [deleted.account], invitations: [] };
    const restored = restoreAccount(environment, deleted.account, deleted.deletion, undefined, licences);
    expect(restored.account).toMatchObject({ state: 'disabled', enabled: false });
  });

  it('enabling a blocked user that is not enabled lifts the disable but not the block', () => {
    const { environment, user } = setup();
    const enabled = enableAccount(environment, { ...user, state: 'blocked' as const, enabled: false });
    expect(enabled.account).toMatchObject({ state: 'blocked', enabled: true });
  });

  it('a deletion record cannot restore into a made-up state or keep an account restorable forever', () => {
    const { environment, user } = setup();
    const deleted = deleteAccount(environment, disableAccount(environment, user).account);
    const forged = { ...deleted.deletion, previousState: 'superuser' as 'active' };
    expect(() => restoreAccount(environment, deleted.account, forged)).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input' }),
    );
    for (const restorableUntil of [Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() =>
        restoreAccount(environment, deleted.account, { ...deleted.deletion, restorableUntil }),
      ).toThrow(expect.objectContaining({ code: 'invalid_lifecycle_input' }));
    }
    // A window stretched past 30 days closes at 30 days all the same.
    const stretched = { ...deleted.deletion, restorableUntil: deleted.deletion.at + 365 * DAY_MS };
    environment.advance(RESTORE_WINDOW_MS);
    expect(isPurgeDue(stretched, environment.now() as number)).toBe(true);
    expect(() => restoreAccount(environment, deleted.account, stretched)).toThrow(
      expect.objectContaining({ code: 'restore_window_closed' }),
    );
  });
});

describe('a mistyped enabled flag in the account transitions', () => {
  it('a user whose enabled flag is the string "false" is disabled: it cannot be blocked, and a delete remembers it', () => {
    const { environment, user } = setup();
    const notEnabled = { ...user, enabled: 'false' as unknown as boolean };
    expect(() => blockSignIn(environment, notEnabled)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    expect(deleteAccount(environment, notEnabled).deletion.previousState).toBe('disabled');
  });
});

describe('which states each transition accepts', () => {
  it('a blocked account can be disabled', () => {
    const { environment, jane } = setup();
    const blocked = blockSignIn(environment, jane).account;
    const disabled = disableAccount(environment, blocked).account;
    expect(disabled.state).toBe('disabled');
  });

  it('a password can be reset on a blocked or a disabled account, so it is new when the account comes back', () => {
    const { environment, jane, user } = setup();
    const blocked = blockSignIn(environment, jane).account;
    expect(resetPassword(environment, blocked).account).toMatchObject({
      state: 'blocked',
      mustChangePassword: true,
    });
    const disabled = disableAccount(environment, user).account;
    expect(resetPassword(environment, disabled).account).toMatchObject({
      state: 'disabled',
      mustChangePassword: true,
    });
  });

  it('a purged user is not enabled', () => {
    const { environment, user } = setup();
    const deleted = deleteAccount(environment, user).account;
    expect(purgeAccount(environment, deleted).account).toMatchObject({ state: 'purged', enabled: false });
  });
});

describe('an enabled internal user is sent a new invitation, however it is recorded', () => {
  it('a user recorded with kind "user" but no enabled flag must accept a new invitation', () => {
    const { environment } = setup();
    const user = { kind: 'user' as const, id: 'u2', state: 'disabled' as const };
    expect(enableAccount(environment, user).account).toEqual({
      ...user,
      state: 'active',
      invitationPending: true,
    });
  });

  it('an account with an enabled flag is an internal user even without a kind', () => {
    const { environment } = setup();
    const account = { id: 'u3', enabled: false };
    expect(enableAccount(environment, account).account).toEqual({
      id: 'u3',
      state: 'active',
      enabled: true,
      invitationPending: true,
    });
  });
});

describe('every transition is recorded', () => {
  it('each accepted transition records its own event type and the state the account is left in', () => {
    const { environment, jane } = setup();
    const blocked = blockSignIn(environment, jane, 'admin');
    const unblocked = unblockSignIn(environment, blocked.account, 'admin');
    const disabled = disableAccount(environment, unblocked.account, 'admin');
    const enabled = enableAccount(environment, disabled.account, 'admin');
    const reset = resetPassword(environment, enabled.account, 'admin');
    const changed = changePassword(environment, reset.account);
    const deleted = deleteAccount(environment, changed.account, 'admin');
    const restored = restoreAccount(environment, deleted.account, deleted.deletion, 'admin');
    const deletedAgain = deleteAccount(environment, restored.account, 'admin');
    const purged = purgeAccount(environment, deletedAgain.account, 'admin');
    expect(
      [blocked, unblocked, disabled, enabled, reset, changed, deleted, restored, purged].map(({ event }) => [
        event.type,
        event.details.state,
      ]),
    ).toEqual([
      ['account.signInBlocked', 'blocked'],
      ['account.signInUnblocked', 'active'],
      ['account.disabled', 'disabled'],
      ['account.enabled', 'active'],
      ['account.passwordReset', 'active'],
      ['account.passwordChanged', 'active'],
      ['account.deleted', 'deleted'],
      ['account.restored', 'active'],
      ['account.purged', 'purged'],
    ]);
  });
});

describe('a refused transition says what was refused, from which state, and what to do', () => {
  it('each refusal names its transition, the state it was refused in and the way forward', () => {
    const { environment, jane } = setup();
    const blocked = blockSignIn(environment, jane).account;
    const deleted = deleteAccount(environment, jane).account;
    const cases: [() => unknown, string, string, RegExp][] = [
      [() => blockSignIn(environment, blocked), 'block sign-in of', 'blocked', /only an active account/],
      [() => unblockSignIn(environment, jane), 'unblock sign-in of', 'active', /only a blocked account/],
      [() => disableAccount(environment, deleted), 'disable', 'deleted', /restore or re-create/],
      [() => enableAccount(environment, jane), 'enable', 'active', /only a disabled account/],
      [() => deleteAccount(environment, deleted), 'delete', 'deleted', /already deleted/],
      [
        () => restoreAccount(environment, jane, deleteAccount(environment, jane).deletion),
        'restore',
        'active',
        /only a deleted account/,
      ],
      [() => purgeAccount(environment, jane), 'purge', 'active', /delete it first/],
      [() => resetPassword(environment, deleted), 'reset the password of', 'deleted', /restore it first/],
      [() => changePassword(environment, blocked), 'change the password of', 'blocked', /only an active/],
    ];
    for (const [run, transition, from, hint] of cases) {
      const refusal = refusalOf(run);
      expect(refusal, transition).toMatchObject({ code: 'invalid_account_transition', transition, from });
      expect(refusal?.message, transition).toMatch(hint);
    }
  });

  it('a stub user refused says what a stub user cannot be', () => {
    const { environment, user } = setup();
    const stub = { ...user, userType: 'stub' as const, enabled: false };
    expect(refusalOf(() => enableAccount(environment, stub))?.message).toMatch(/cannot be enabled/);
    expect(refusalOf(() => resetPassword(environment, stub))?.message).toMatch(/cannot be signed in/);
  });

  it("a deletion record of another account is refused as a restore of a deleted account, naming the record's owner", () => {
    const { environment, jane } = setup();
    const { account } = deleteAccount(environment, jane);
    const other = deleteAccount(environment, { ...jane, id: 'sam' }).deletion;
    const refusal = refusalOf(() => restoreAccount(environment, account, other));
    expect(refusal).toMatchObject({ transition: 'restore', from: 'deleted' });
    expect(refusal?.message).toMatch(/belongs to "sam"/);
  });
});

describe('a damaged deletion record is refused field by field', () => {
  it('a made-up previous state is refused on previousState, saying to pass the record deleteAccount returned', () => {
    const { environment, jane } = setup();
    const deleted = deleteAccount(environment, jane);
    const forged = { ...deleted.deletion, previousState: 'superuser' as 'active' };
    const refusal = refusalOf(() => restoreAccount(environment, deleted.account, forged));
    expect(refusal?.issues).toEqual([
      {
        code: 'invalid_deletion',
        path: ['deletion', 'previousState'],
        message: expect.stringMatching(/previousState.*deleteAccount returned/),
      },
    ]);
  });

  it('a non-finite instant is refused on the field that holds it', () => {
    const { environment, jane } = setup();
    const deleted = deleteAccount(environment, jane);
    for (const field of ['at', 'restorableUntil'] as const) {
      const damaged = { ...deleted.deletion, [field]: Number.NaN };
      const refusal = refusalOf(() => restoreAccount(environment, deleted.account, damaged));
      expect(refusal?.issues, field).toEqual([
        {
          code: 'invalid_deletion',
          path: ['deletion', field],
          message: expect.stringMatching(new RegExp(`${field} must be a finite.*deleteAccount returned`)),
        },
      ]);
    }
  });

  it('a refused late restore says the window closed 30 days after the deletion, whatever the record claims', () => {
    const { environment, jane } = setup();
    const deleted = deleteAccount(environment, jane);
    const stretched = { ...deleted.deletion, restorableUntil: deleted.deletion.at + 365 * DAY_MS };
    environment.advance(RESTORE_WINDOW_MS);
    expect(refusalOf(() => restoreAccount(environment, deleted.account, stretched))).toMatchObject({
      code: 'restore_window_closed',
      restorableUntil: deleted.deletion.at + RESTORE_WINDOW_MS,
    });
  });

  it('restoring a licensed user without the licence state is refused, asking for the licence state', () => {
    const { environment, user } = setup();
    const deleted = deleteAccount(environment, user);
    const refusal = refusalOf(() => restoreAccount(environment, deleted.account, deleted.deletion));
    expect(refusal?.issues).toEqual([
      {
        code: 'licences_required',
        path: ['licences'],
        message: expect.stringMatching(/"u1" is licensed.*pass the licence state/),
      },
    ]);
  });
});
