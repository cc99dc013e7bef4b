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
