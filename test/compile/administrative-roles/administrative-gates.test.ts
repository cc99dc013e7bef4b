import { describe, expect, it } from 'vitest';
import { administrativeTarget } from '../../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, explain, type Principal } from '../../../src/index.js';
import { administrationPolicy, administrator, contacts } from '../../fixtures/administration.js';

const canInvite = (contact: ContactPrincipal): boolean =>
  abilityFor(administrationPolicy, contact).can('invite', 'contact');

const whyNot = (
  actor: Principal,
  operation: Parameters<typeof explain>[1],
  target: Parameters<typeof administrativeTarget>[1],
) => {
  const why = explain(
    abilityFor(administrationPolicy, actor),
    operation,
    administrativeTarget(administrationPolicy, target),
  );
  return why.allowed ? undefined : { reason: why.reason, message: why.message };
};

describe('who may use an administrative role at all', () => {
  it('a contact who signed up through open registration, which the portal does not allow, administers nobody', () => {
    expect(canInvite({ ...contacts.rep, registeredVia: 'openRegistration' })).toBe(false);
  });

  it('a contact manager invited or registered by an administrator administers their company', () => {
    expect(canInvite({ ...contacts.rep, registeredVia: 'invitation' })).toBe(true);
    expect(canInvite({ ...contacts.rep, registeredVia: 'administrator' })).toBe(true);
  });
});

describe('an explanation names the gate that keeps an administrator from administering', () => {
  it('a self-registered contact manager is told that a self-registered contact administers nobody', () => {
    const why = whyNot({ ...contacts.rep, registeredVia: 'openRegistration' }, 'invite', contacts.sam);
    expect(why?.reason).toMatchObject({ code: 'gate', gate: { code: 'unvouched_registration' } });
    expect(why?.message).toContain('a self-registered contact administers nobody');
  });

  it('an administrator who must change their password is told to change it before administering anyone', () => {
    const why = whyNot(
      administrator('ursula', ['User administrator'], { mustChangePassword: true }),
      'resetPassword',
      { kind: 'user', id: 'eve' },
    );
    expect(why?.reason).toMatchObject({ code: 'gate', gate: { code: 'must_change_password' } });
    expect(why?.message).toContain('before administering anyone');
  });

  it('a blocked administrator is told the account is blocked', () => {
    const why = whyNot(administrator('ursula', ['User administrator'], { state: 'blocked' }), 'disable', {
      kind: 'user',
      id: 'eve',
    });
    expect(why?.reason).toMatchObject({ code: 'gate', gate: { code: 'account_blocked' } });
  });

  it('a non-interactive administrator outside an API session is told to act through one', () => {
    const actor = administrator('nia', ['User administrator'], { accessMode: 'non-interactive' });
    const why = whyNot(actor, 'resetPassword', { kind: 'user', id: 'eve' });
    expect(why?.reason).toMatchObject({ code: 'gate', gate: { code: 'interactive_session' } });
  });

  it('a disabled, stub or re-enabled-but-not-yet-reinvited user administrator administers nobody, and is told why', () => {
    const cases = [
      [{ enabled: false }, 'user_disabled'],
      [{ userType: 'stub', enabled: false }, 'user_disabled'],
      [{ userType: 'stub' }, 'stub_user'],
      [{ invitationPending: true }, 'invitation_pending'],
    ] as const;
    for (const [extra, code] of cases) {
      const actor = administrator('ursula', ['User administrator'], extra);
      expect(abilityFor(administrationPolicy, actor).can('resetPassword', 'user'), code).toBe(false);
      expect(whyNot(actor, 'resetPassword', { kind: 'user', id: 'eve' })?.reason).toMatchObject({
        code: 'gate',
        gate: { code },
      });
    }
  });

  it('only a holder of administrative roles carries an administrative denial', () => {
    expect(
      abilityFor(administrationPolicy, { ...contacts.jane, state: 'blocked' }).administrativeDenial,
    ).toBe(undefined);
  });

  it('an administrator the gates let through carries no administrative denial, nor does a principal without roles', () => {
    expect(
      abilityFor(administrationPolicy, administrator('ursula', ['User administrator'])).administrativeDenial,
    ).toBe(undefined);
    expect(abilityFor(administrationPolicy, contacts.jane).administrativeDenial).toBe(undefined);
  });

  it("a gated administrator's data refusal still names the data gate", () => {
    const why = explain(
      abilityFor(administrationPolicy, { ...contacts.rep, registeredVia: 'openRegistration' }),
      'read',
      'salesorder',
    );
    expect(why.allowed || why.reason).not.toMatchObject({ gate: { code: 'unvouched_registration' } });
  });
});
