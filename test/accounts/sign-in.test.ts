import { describe, expect, it } from 'vitest';
import { assertCanSignIn } from '../../src/accounts/index.js';

describe('assertCanSignIn', () => {
  it('lets an active person sign in interactively and through the API', () => {
    expect(() =>
      assertCanSignIn({ id: 'u', userType: 'person', enabled: true }, 'interactive'),
    ).not.toThrow();
    expect(() => assertCanSignIn({ id: 'c' }, 'api')).not.toThrow();
  });

  it('refuses blocked, disabled, deleted and purged accounts with the state as the reason', () => {
    for (const state of ['blocked', 'disabled', 'deleted', 'purged'] as const) {
      expect(() => assertCanSignIn({ id: 'c', state }, 'api')).toThrow(
        expect.objectContaining({ code: 'sign_in_refused', reason: `account_${state}` }),
      );
    }
    expect(() => assertCanSignIn({ id: 'u', enabled: false }, 'api')).toThrow(
      expect.objectContaining({ reason: 'account_disabled' }),
    );
  });

  it('refuses a stub user in any session', () => {
    expect(() => assertCanSignIn({ id: 's', userType: 'stub', enabled: false }, 'api')).toThrow(
      expect.objectContaining({ code: 'stub_user' }),
    );
  });

  it('keeps a non-interactive user to API sessions', () => {
    const robot = { id: 'r', accessMode: 'non-interactive', enabled: true };
    expect(() => assertCanSignIn(robot, 'api')).not.toThrow();
    expect(() => assertCanSignIn(robot, 'interactive')).toThrow(
      expect.objectContaining({ reason: 'non_interactive' }),
    );
  });
});

describe('a mistyped enabled flag', () => {
  it('an account whose enabled flag is not true or missing (the string "false", null) cannot sign in', () => {
    for (const enabled of ['false', null, 0]) {
      const account = { id: 'u1', enabled: enabled as unknown as boolean };
      expect(() => assertCanSignIn(account, 'api'), String(enabled)).toThrow(
        expect.objectContaining({ code: 'sign_in_refused', reason: 'account_disabled' }),
      );
    }
    expect(() => assertCanSignIn({ id: 'u1' }, 'api')).not.toThrow();
  });
});
