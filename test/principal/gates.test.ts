import { describe, expect, it } from 'vitest';
import { accountStateDenial } from '../../src/principal/gates.js';
import type { ValidUserPrincipal } from '../../src/principal/principal.js';
import {
  disabledDenial,
  mustChangePasswordDenial,
  noRoleDenial,
  sessionDenial,
  stubDenial,
  unlicensedDenial,
} from '../../src/principal/user-gates.js';

const user = (fields: Partial<ValidUserPrincipal>): ValidUserPrincipal =>
  ({ kind: 'user', id: 'u1', businessUnitId: 'root', ...fields }) as ValidUserPrincipal;

describe('a gate that denies says why, in words naming the state that denies', () => {
  it.each([
    ['blocked', /blocked/],
    ['disabled', /disabled/],
    ['deleted', /deleted/],
    ['purged', /permanently deleted/],
  ] as const)('a %s account is told it is %s', (state, words) => {
    expect(accountStateDenial(state)).toEqual({
      code: `account_${state}`,
      message: expect.stringMatching(words),
    });
  });

  it('a disabled, stub, password-change or roleless user is told which', () => {
    expect(disabledDenial(user({ enabled: false }))?.message).toMatch(/disabled/);
    expect(stubDenial(user({ userType: 'stub' }))?.message).toMatch(/stub/);
    expect(mustChangePasswordDenial(user({ mustChangePassword: true }))?.message).toMatch(
      /change their password/,
    );
    expect(noRoleDenial(false)?.message).toMatch(/no security role/);
  });

  it('an unlicensed user is told which access mode needs the licence, read-write when none is given', () => {
    expect(unlicensedDenial(user({ licensed: false }))?.message).toMatch(/licence.*"read-write"/);
    expect(unlicensedDenial(user({ licensed: false, accessMode: 'read' }))?.message).toMatch(/"read"/);
  });

  it('a non-interactive user outside an API session is told to pass session "api"', () => {
    expect(sessionDenial(user({ accessMode: 'non-interactive' }), undefined)?.message).toMatch(
      /API sessions.*session: "api"/,
    );
  });
});
