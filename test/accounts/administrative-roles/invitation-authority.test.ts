import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  OperationNotAllowedError,
  redeemInvitation,
  WebRoleElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, definePolicy } from '../../../src/index.js';
import {
  administrationInput,
  contacts,
  administrationPolicy as policy,
} from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';

const newcomer: ContactPrincipal = { kind: 'contact', id: 'nina', legalEntity: 'usmf', accountId: null };

async function issued() {
  const environment = fakeEnvironment();
  const { invitation, code } = await administrationBy(abilityFor(policy, contacts.rep), environment).invite({
    contacts: [newcomer],
    assignToAccount: 'X',
    assignWebRoles: ['Customer representative'],
  });
  return { environment, invitation, code };
}

describe('redemption re-checks the issuer under the current policy', () => {
  it('an issuer who still may make the invitation lets it be redeemed, and the invitation names them', async () => {
    const { environment, invitation, code } = await issued();
    expect(invitation.issuedBy).toBe('rita');
    const { contact } = await redeemInvitation(environment, {
      policy,
      invitation,
      code,
      contact: newcomer,
      issuer: abilityFor(policy, contacts.rep),
    });
    expect(contact).toMatchObject({ accountId: 'X', webRoles: ['Customer representative'] });
  });

  it('an issuer who no longer holds the web role the invitation hands out cannot have it redeemed', async () => {
    const { environment, invitation, code } = await issued();
    const demoted = { ...contacts.rep, webRoles: ['Authorized user'] };
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: newcomer,
        issuer: abilityFor(policy, demoted),
      }),
    ).rejects.toThrow(WebRoleElevationError);
  });

  it('an issuer whose administrative role lost the right to invite, or whose account moved, cannot have it redeemed', async () => {
    const { environment, invitation, code } = await issued();
    const narrowed = definePolicy({
      ...administrationInput,
      administrativeRoles: administrationInput.administrativeRoles.map((role) =>
        role.name === 'Company contact manager'
          ? { ...role, operations: role.operations.filter((operation) => operation !== 'invite') }
          : role,
      ),
    });
    await expect(
      redeemInvitation(environment, {
        policy: narrowed,
        invitation,
        code,
        contact: newcomer,
        issuer: abilityFor(narrowed, contacts.rep),
      }),
    ).rejects.toThrow(OperationNotAllowedError);
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: newcomer,
        issuer: abilityFor(policy, { ...contacts.rep, accountId: 'Y' }),
      }),
    ).rejects.toThrow(OperationNotAllowedError);
  });

  it('the issuer must be the one who issued it, with an ability under the policy redemption uses', async () => {
    const { environment, invitation, code } = await issued();
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: newcomer,
        issuer: abilityFor(policy, { ...contacts.rep, id: 'rex' }),
      }),
    ).rejects.toMatchObject({
      code: 'invalid_lifecycle_input',
      path: ['issuer'],
      message: /issued by "rita"/,
    });
    const other = definePolicy(administrationInput);
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: newcomer,
        issuer: abilityFor(other, contacts.rep),
      }),
    ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', message: /another policy/ });
  });
});

describe('what an inviter must be allowed', () => {
  const withInviter = definePolicy({
    ...administrationInput,
    administrativeRoles: [
      ...administrationInput.administrativeRoles,
      { name: 'Inviter', operations: ['invite'], targets: { kinds: ['contact'] } },
    ],
  });
  const inviter = () =>
    administrationBy(
      abilityFor(withInviter, {
        kind: 'user',
        id: 'ina',
        businessUnitId: 'root',
        administrativeRoles: ['Inviter'],
      }),
      fakeEnvironment(),
    );

  it('an invitation that hands out web roles needs assignRole on the contact', async () => {
    await expect(inviter().invite({ contacts: [contacts.sam] })).resolves.toBeDefined();
    await expect(
      inviter().invite({ contacts: [contacts.sam], assignWebRoles: ['Authorized user'] }),
    ).rejects.toThrow(/assignRole/);
  });

  it('a contact stored with an empty account has none: an account-limited inviter may place it in their own', async () => {
    const rep = administrationBy(abilityFor(policy, contacts.rep), fakeEnvironment());
    const empty = { ...newcomer, accountId: '' as unknown as null };
    await expect(rep.invite({ contacts: [empty], assignToAccount: 'X' })).resolves.toBeDefined();
  });
});

describe('which web roles may be handed out', () => {
  const gina = () =>
    administrationBy(
      abilityFor(policy, {
        kind: 'user',
        id: 'gina',
        businessUnitId: 'root',
        administrativeRoles: ['Global administrator'],
      }),
      fakeEnvironment(),
    );

  it('an internal user allowed assignRole hands out any web role the policy defines', () => {
    expect(gina().assignWebRole(contacts.jane, 'Administrator').account.webRoles).toContain('Administrator');
  });

  it('a web role the policy does not define is refused on role, naming it', () => {
    let refusal: unknown;
    // Typed string, as a role read from a request: a literal unknown role would not compile (D51).
    const ghost: string = 'Ghost';
    try {
      gina().assignWebRole(contacts.jane, ghost);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      issues: [
        {
          code: 'unknown_web_role',
          path: ['role'],
          message: 'web role "Ghost" is not defined by the policy',
        },
      ],
    });
  });

  it('a web role held automatically is refused on role as built in', () => {
    let refusal: unknown;
    try {
      gina().assignWebRole(contacts.jane, 'Authenticated users');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      issues: [
        { code: 'builtin_web_role', path: ['role'], message: expect.stringMatching(/held automatically/) },
      ],
    });
  });
});
