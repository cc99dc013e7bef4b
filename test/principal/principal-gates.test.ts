import { describe, expect, it } from 'vitest';
import { assertCanSignIn } from '../../src/accounts/index.js';
import { abilityFor, explain, type UserPrincipal } from '../../src/index.js';
import { closedSignInGates, PRINCIPAL_GATES } from '../../src/principal/principal-gates.js';
import { administrationPolicy, administrator, contacts } from '../fixtures/administration.js';

describe('the principal gates are one ordered list', () => {
  it('lists every gate once, in the order D13 decides them', () => {
    expect(PRINCIPAL_GATES.map((gate) => gate.name)).toEqual([
      'accountState',
      'disabled',
      'stub',
      'passwordChange',
      'invitationPending',
      'unvouchedRegistration',
      'noRole',
      'licence',
      'applicationSession',
      'nonInteractiveSession',
    ]);
  });

  it('a licence and a security role are about data: they never keep an administrator from administering', () => {
    const dataOnly = PRINCIPAL_GATES.filter((gate) => !gate.administration).map((gate) => gate.name);
    expect(dataOnly).toEqual(['noRole', 'licence']);
  });

  it('a pending password change refuses no sign-in: the password is changed in the session it opens', () => {
    expect(closedSignInGates({ mustChangePassword: true }, 'interactive')).toEqual([]);
    expect(() => assertCanSignIn({ id: 'u', mustChangePassword: true }, 'interactive')).not.toThrow();
  });
});

describe('the gates decide once: data, administration and sign-in agree', () => {
  // Every combination of the fields the sign-in gates read, on a user administrator holding a security role.
  const accounts: Partial<UserPrincipal>[] = [];
  for (const state of [undefined, 'active', 'blocked', 'disabled', 'deleted'] as const)
    for (const enabled of [undefined, true, false])
      for (const userType of [undefined, 'person', 'application', 'stub'] as const)
        for (const invitationPending of [undefined, true])
          for (const accessMode of [undefined, 'read-write', 'non-interactive'] as const)
            accounts.push({ state, enabled, userType, invitationPending, accessMode });
  const defined = (account: Partial<UserPrincipal>) =>
    Object.fromEntries(Object.entries(account).filter(([, value]) => value !== undefined));

  it('a user the sign-in gates refuse gets neither data nor administration, and one they admit is not refused by them', () => {
    let refused = 0;
    let admitted = 0;
    for (const account of accounts) {
      for (const session of ['interactive', 'api'] as const) {
        const user = administrator('ursula', ['Sign-in guard'], defined(account));
        const ability = abilityFor(administrationPolicy, user, { session });
        let signInRefused = false;
        try {
          assertCanSignIn({ ...defined(account), id: 'ursula' }, session);
        } catch {
          signInRefused = true;
        }
        const label = JSON.stringify({ ...account, session });
        if (signInRefused) {
          refused++;
          expect(ability.denial, label).toBeDefined();
          expect(ability.administrativeDenial, label).toBeDefined();
          expect(ability.can('blockSignIn', 'user'), label).toBe(false);
        } else {
          admitted++;
          expect(ability.administrativeDenial, label).toBeUndefined();
          expect(ability.can('blockSignIn', 'user'), label).toBe(true);
        }
      }
    }
    // Not vacuous: both answers occur.
    expect(refused).toBeGreaterThan(100);
    expect(admitted).toBeGreaterThan(10);
  });

  it('a user who must change a password and awaits a new invitation is told the same first gate for data and administration', () => {
    const user = administrator('ursula', ['Sign-in guard'], {
      mustChangePassword: true,
      invitationPending: true,
    });
    const ability = abilityFor(administrationPolicy, user);
    expect(ability.denial?.code).toBe('must_change_password');
    expect(ability.administrativeDenial?.code).toBe('must_change_password');
  });

  it('a stub is refused sign-in as a stub whatever else holds, and its data is refused by the first gate', () => {
    const stub = { id: 's', userType: 'stub', enabled: false, state: 'blocked' } as const;
    expect(closedSignInGates(stub, 'api').map(({ gate }) => gate)).toEqual([
      'accountState',
      'disabled',
      'stub',
    ]);
    expect(() => assertCanSignIn(stub, 'api')).toThrow(expect.objectContaining({ code: 'stub_user' }));
    expect(abilityFor(administrationPolicy, { ...administrator('s', []), ...stub }).denial?.code).toBe(
      'account_blocked',
    );
  });
});

describe('a contact nobody vouched for acts as a visitor, as the gates decided', () => {
  const unvouched = { ...contacts.rep, registeredVia: 'openRegistration' } as const;

  it('the ability says the contact acts as a visitor, and an explanation lists no dormant grant of its own roles', () => {
    const ability = abilityFor(administrationPolicy, unvouched);
    expect(ability.actsAsVisitor).toBe(true);
    expect(ability.denial).toBeUndefined();
    expect(ability.administrativeDenial?.code).toBe('unvouched_registration');
    const why = explain(ability, 'read', 'salesorder');
    expect(why.allowed || why.reason).toMatchObject({ code: 'no_grant', dormant: [] });
  });

  it('a vouched contact, and an unvouched one a gate denies, do not act as visitors', () => {
    expect(abilityFor(administrationPolicy, contacts.rep).actsAsVisitor).toBe(false);
    const blocked = abilityFor(administrationPolicy, { ...unvouched, state: 'blocked' });
    expect(blocked.actsAsVisitor).toBe(false);
    expect(blocked.denial?.code).toBe('account_blocked');
  });
});
