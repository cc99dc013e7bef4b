import { describe, expect, it } from 'vitest';
import {
  acceptReinvitation,
  assertCanSignIn,
  disableAccount,
  enableAccount,
} from '../../src/accounts/index.js';
import { abilityFor } from '../../src/index.js';
import { internalPolicy, salesOrder } from '../fixtures/internal-users.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

// Seed 002: "if you enable a disabled user account, you must send a new invitation for the user to access
// the system". Enabling sends it; the user acts again once it is accepted.
function setup() {
  const environment = fakeEnvironment();
  const user = {
    kind: 'user' as const,
    id: 'ulla',
    businessUnitId: 'sales',
    securityRoles: ['Global reader'],
    accessMode: 'read-write' as const,
    enabled: true,
    licensed: true,
    userType: 'person' as const,
  };
  const reEnabled = enableAccount(environment, disableAccount(environment, user).account).account;
  return { environment, user, reEnabled };
}

describe('a re-enabled user must accept a new invitation', () => {
  it('enabling a disabled user leaves an invitation pending, which refuses sign-in in any session', () => {
    const { reEnabled } = setup();
    expect(reEnabled).toMatchObject({ state: 'active', enabled: true, invitationPending: true });
    for (const session of ['interactive', 'api'] as const) {
      expect(() => assertCanSignIn(reEnabled, session)).toThrow(
        expect.objectContaining({ code: 'sign_in_refused', reason: 'invitation_pending' }),
      );
    }
  });

  it('a user with an invitation pending reaches no data, and the denial says why', () => {
    const { reEnabled } = setup();
    const ability = abilityFor(internalPolicy, reEnabled);
    expect(ability.denial?.code).toBe('invitation_pending');
    expect(ability.denial?.message).toMatch(/accept a new invitation/);
    expect(ability.can('read', salesOrder('root'))).toBe(false);
  });

  it('accepting the invitation lets the user sign in and read again, recorded as the user', () => {
    const { environment, reEnabled } = setup();
    const accepted = acceptReinvitation(environment, reEnabled);
    expect(accepted.event).toMatchObject({
      type: 'account.reinvitationAccepted',
      actorId: 'ulla',
      subjectId: 'ulla',
    });
    expect(() => assertCanSignIn(accepted.account, 'interactive')).not.toThrow();
    expect(abilityFor(internalPolicy, accepted.account).can('read', salesOrder('root'))).toBe(true);
  });

  it('there is nothing to accept without a pending invitation, nor for a disabled user', () => {
    const { environment, user, reEnabled } = setup();
    expect(() => acceptReinvitation(environment, user)).toThrow(/no invitation is pending/);
    const disabledAgain = disableAccount(environment, reEnabled).account;
    expect(() => acceptReinvitation(environment, disabledAgain)).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition', from: 'disabled' }),
    );
  });

  it('a mistyped pending flag (the string "false", null) still refuses sign-in', () => {
    for (const invitationPending of ['false', null, 0]) {
      const account = { id: 'u1', enabled: true, invitationPending: invitationPending as unknown as boolean };
      expect(() => assertCanSignIn(account, 'api'), String(invitationPending)).toThrow(
        expect.objectContaining({ reason: 'invitation_pending' }),
      );
    }
  });

  it('a contact re-enabled is not asked for a new invitation (the rule is about internal users)', () => {
    const { environment } = setup();
    const jane = { kind: 'contact' as const, id: 'jane', state: 'disabled' as const };
    expect(enableAccount(environment, jane).account).toEqual({ ...jane, state: 'active' });
  });
});

describe('application users are server-to-server only', () => {
  const application = { id: 'erp-connector', userType: 'application', enabled: true };

  it('an application user signs in through the API but never interactively, whatever its access mode', () => {
    expect(() => assertCanSignIn(application, 'api')).not.toThrow();
    for (const accessMode of [undefined, 'read-write', 'non-interactive']) {
      expect(() => assertCanSignIn({ ...application, accessMode }, 'interactive')).toThrow(
        expect.objectContaining({ code: 'sign_in_refused', reason: 'application_user' }),
      );
    }
  });
});

describe('only an active, enabled user accepts a pending invitation', () => {
  const refusalOf = (run: () => unknown): Record<string, unknown> | undefined => {
    try {
      run();
    } catch (error) {
      return error as Record<string, unknown>;
    }
    return undefined;
  };

  it('a blocked user with a pending invitation cannot accept it until the block is lifted', () => {
    const { environment, reEnabled } = setup();
    const blocked = { ...reEnabled, state: 'blocked' as const };
    const refusal = refusalOf(() => acceptReinvitation(environment, blocked));
    expect(refusal).toMatchObject({
      code: 'invalid_account_transition',
      transition: 'accept an invitation for',
      from: 'blocked',
    });
    expect(refusal?.message).toMatch(/only an active account can accept/);
  });

  it('an active user marked not enabled is refused as disabled', () => {
    const { environment, reEnabled } = setup();
    const notEnabled = { ...reEnabled, enabled: false };
    expect(refusalOf(() => acceptReinvitation(environment, notEnabled))).toMatchObject({
      code: 'invalid_account_transition',
      transition: 'accept an invitation for',
      from: 'disabled',
    });
  });

  it('a refusal for want of a pending invitation names the transition and the state', () => {
    const { environment, user } = setup();
    expect(refusalOf(() => acceptReinvitation(environment, user))).toMatchObject({
      transition: 'accept an invitation for',
      from: 'active',
    });
  });

  it('the acceptance is recorded with the state the user is in', () => {
    const { environment, reEnabled } = setup();
    expect(acceptReinvitation(environment, reEnabled).event.details).toEqual({ state: 'active' });
  });
});
