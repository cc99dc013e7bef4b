import { describe, expect, it } from 'vitest';
import {
  createInvitation,
  DAY_MS,
  deactivateInvitation,
  InvitationCodeMismatchError,
  redeemInvitation,
} from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, definePolicy } from '../../src/index.js';
import type { WebRoleInput } from '../../src/policy/web-role.js';
import { customerPortal, customerPortalInput, order } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

async function setup(options: { type?: 'single' | 'group'; maxRedemptions?: number } = {}) {
  const environment = fakeEnvironment();
  const jane: ContactPrincipal = { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf' };
  const sam: ContactPrincipal = { kind: 'contact', id: 'sam', accountId: 'X', legalEntity: 'usmf' };
  const created = await createInvitation(environment, {
    policy: customerPortal,
    contacts: options.type === 'group' ? [jane, sam] : [jane],
    assignWebRoles: ['Authorized user'],
    ...options,
  });
  return { environment, jane, sam, policy: customerPortal, ...created };
}

describe('redeemInvitation', () => {
  it('binds the contact to its account, assigns the web roles, activates it and counts the redemption', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const result = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
    expect(result.contact).toEqual({
      ...jane,
      webRoles: ['Authorized user'],
      state: 'active',
      registeredVia: 'invitation',
    });
    expect(result.invitation).toMatchObject({ redemptions: 1, redeemedContacts: ['jane'] });
    expect(result.event).toMatchObject({
      type: 'invitation.redeemed',
      actorId: 'jane',
      subjectId: invitation.id,
    });
    expect(invitation.redemptions).toBe(0);
    expect(abilityFor(policy, result.contact).can('read', order('janes'))).toBe(true);
  });

  it('assigns the invitation’s account when it names one', async () => {
    const environment = fakeEnvironment();
    const jane: ContactPrincipal = { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf' };
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [jane],
      assignToAccount: 'Y',
    });
    const { contact } = await redeemInvitation(environment, {
      policy: customerPortal,
      invitation,
      code,
      contact: jane,
    });
    expect(contact.accountId).toBe('Y');
  });

  it('redeems at expiresAt − 1 ms and refuses at exactly expiresAt', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    environment.set(invitation.expiresAt!);
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: jane }),
    ).rejects.toMatchObject({
      code: 'invitation_expired',
    });
    environment.set(invitation.expiresAt! - 1);
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: jane }),
    ).resolves.toBeDefined();
    expect(invitation.expiresAt! - invitation.issuedAt).toBe(14 * DAY_MS);
  });

  it('refuses a single invitation redeemed twice', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const once = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
    await expect(
      redeemInvitation(environment, { policy, invitation: once.invitation, code, contact: jane }),
    ).rejects.toMatchObject({ code: 'invitation_already_redeemed' });
  });

  it('refuses a group invitation past maxRedemptions', async () => {
    const { environment, jane, sam, policy, invitation, code } = await setup({
      type: 'group',
      maxRedemptions: 1,
    });
    const once = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
    await expect(
      redeemInvitation(environment, { policy, invitation: once.invitation, code, contact: sam }),
    ).rejects.toMatchObject({ code: 'invitation_exhausted' });
  });

  it('lets each invited contact redeem a group invitation once', async () => {
    const { environment, jane, sam, policy, invitation, code } = await setup({ type: 'group' });
    const first = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
    const second = await redeemInvitation(environment, {
      policy,
      invitation: first.invitation,
      code,
      contact: sam,
    });
    expect(second.invitation).toMatchObject({ redemptions: 2, redeemedContacts: ['jane', 'sam'] });
  });

  it('refuses a wrong, tampered or empty code and a code of the right length but another secret', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const tampered = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    for (const attempt of [
      tampered,
      `${code} `,
      '',
      code.toLowerCase() === code ? code.toUpperCase() : code.toLowerCase(),
    ]) {
      const error = await redeemInvitation(environment, {
        policy,
        invitation,
        code: attempt,
        contact: jane,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(InvitationCodeMismatchError);
    }
  });

  it('checks the code before anything else, so a stranger learns nothing about the invitation', async () => {
    const { environment, jane, policy, invitation } = await setup();
    environment.set(invitation.expiresAt! + DAY_MS);
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation: { ...invitation, status: 'inactive' },
        code: 'nope',
        contact: jane,
      }),
    ).rejects.toMatchObject({ code: 'invitation_code_mismatch' });
  });

  it('refuses an inactive invitation', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const { invitation: inactive } = deactivateInvitation(environment, invitation);
    await expect(
      redeemInvitation(environment, { policy, invitation: inactive, code, contact: jane }),
    ).rejects.toMatchObject({
      code: 'invitation_inactive',
    });
  });

  it('refuses a contact the invitation was not issued for', async () => {
    const { environment, policy, invitation, code } = await setup({ type: 'group' });
    const may: ContactPrincipal = { kind: 'contact', id: 'may', accountId: 'Y', legalEntity: 'usmf' };
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: may }),
    ).rejects.toMatchObject({
      code: 'invitation_not_for_contact',
    });
  });

  it('refuses a contact that lost its account number or was blocked since the invitation was sent', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: { ...jane, accountId: null } }),
    ).rejects.toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'accountId'] });
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: { ...jane, state: 'blocked' } }),
    ).rejects.toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'state'] });
  });

  it('refuses redemption once the policy switches registration off', async () => {
    const { environment, jane, invitation, code } = await setup();
    const closed = definePolicy({ ...customerPortalInput, registration: { enabled: false } });
    await expect(
      redeemInvitation(environment, { policy: closed, invitation, code, contact: jane }),
    ).rejects.toMatchObject({
      code: 'registration_disabled',
    });
  });
});

describe('a redemption code must be the code, and the invitation must still be valid', () => {
  it('a code that is not a non-empty string is refused, even against an invitation stored with an empty hash', async () => {
    const { environment, jane, policy, invitation } = await setup();
    const emptyHash = { ...invitation, codeHash: '' };
    for (const code of [undefined, null, 42, {}, '']) {
      await expect(
        redeemInvitation(environment, { policy, invitation: emptyHash, code: code as string, contact: jane }),
      ).rejects.toBeInstanceOf(Error);
      await expect(
        redeemInvitation(environment, { policy, invitation, code: code as string, contact: jane }),
      ).rejects.toBeInstanceOf(InvitationCodeMismatchError);
    }
    await expect(
      redeemInvitation(environment, { policy, invitation: emptyHash, code: 'x', contact: jane }),
    ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', path: ['invitation', 'codeHash'] });
  });

  it('a web role the policy no longer defines, or now holds automatically, is not handed out at redemption', async () => {
    const { environment, jane, invitation, code } = await setup();
    // The Authenticated users role gave way to "Authorized user" as the role every signed-in contact holds.
    const renamed = definePolicy({
      ...customerPortalInput,
      webRoles: customerPortalInput.webRoles.flatMap((role): WebRoleInput[] =>
        role.name === 'Authenticated users'
          ? []
          : role.name === 'Authorized user'
            ? [{ ...role, authenticatedUsers: true }]
            : [role],
      ),
      tablePermissions: customerPortalInput.tablePermissions.map((permission) => ({
        ...permission,
        webRoles: permission.webRoles.filter((name) => name !== 'Authenticated users'),
      })),
    });
    await expect(
      redeemInvitation(environment, { policy: renamed, invitation, code, contact: jane }),
    ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', path: ['invitation', 'assignWebRoles', 0] });
    const ghost = { ...invitation, assignWebRoles: ['Ghost role'] };
    await expect(
      redeemInvitation(environment, { policy: customerPortal, invitation: ghost, code, contact: jane }),
    ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', path: ['invitation', 'assignWebRoles', 0] });
  });

  it('stored counts or an expiry that are not numbers never make an invitation redeemable forever', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const broken of [
      { ...invitation, expiresAt: Number.POSITIVE_INFINITY },
      { ...invitation, maxRedemptions: Number.NaN },
      { ...invitation, redemptions: Number.NaN },
      { ...invitation, assignToAccount: '' },
    ]) {
      await expect(
        redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
      ).rejects.toMatchObject({ code: 'invalid_lifecycle_input' });
    }
  });
});

describe('a stored invitation is read from its own fields only', () => {
  it('an assignToAccount polluted onto Object.prototype does not move the redeeming contact', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.assignToAccount = 'Y';
    try {
      const { contact } = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
      expect(contact.accountId).toBe('X');
    } finally {
      delete prototype.assignToAccount;
    }
  });
});

describe('an invitation binds the contact where its issuer found it', () => {
  it('a contact that moved to another customer account after the invitation was issued cannot redeem it', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    expect(invitation.invitedAccounts).toEqual([{ contactId: 'jane', accountId: 'X', legalEntity: 'usmf' }]);
    const moved = { ...jane, accountId: 'Y' };
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: moved }),
    ).rejects.toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'accountId'] });
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: { ...jane, legalEntity: 'demf' } }),
    ).rejects.toMatchObject({ code: 'contact_not_invitable' });
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: jane }),
    ).resolves.toBeDefined();
  });
});

describe('"assign to account" places a contact that has no account yet', () => {
  const newcomer: ContactPrincipal = { kind: 'contact', id: 'nina', legalEntity: 'usmf', accountId: null };

  it('a contact without an account is invited into the named account and redeems into it with its roles', async () => {
    const environment = fakeEnvironment();
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [newcomer],
      assignToAccount: 'X',
      assignWebRoles: ['Customer representative'],
    });
    expect(invitation.invitedAccounts).toEqual([{ contactId: 'nina', accountId: null, legalEntity: 'usmf' }]);
    const { contact } = await redeemInvitation(environment, {
      policy: customerPortal,
      invitation,
      code,
      contact: newcomer,
    });
    expect(contact).toMatchObject({ accountId: 'X', webRoles: ['Customer representative'] });
    expect(abilityFor(customerPortal, contact).can('read', order('sams'))).toBe(true);
    // Stored with the account missing rather than null, it is the same contact with no account.
    const { accountId: _none, ...missing } = newcomer;
    await expect(
      redeemInvitation(fakeEnvironment(), { policy: customerPortal, invitation, code, contact: missing }),
    ).resolves.toBeDefined();
  });

  it('without assignToAccount a contact without an account is still refused, with the way out named', async () => {
    await expect(
      createInvitation(fakeEnvironment(), { policy: customerPortal, contacts: [newcomer] }),
    ).rejects.toMatchObject({
      code: 'contact_not_invitable',
      message: expect.stringMatching(/assignToAccount/),
    });
  });

  it('a contact given another account between issue and redemption cannot redeem it', async () => {
    const environment = fakeEnvironment();
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [newcomer],
      assignToAccount: 'X',
    });
    await expect(
      redeemInvitation(environment, {
        policy: customerPortal,
        invitation,
        code,
        contact: { ...newcomer, accountId: 'Y' },
      }),
    ).rejects.toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'accountId'] });
  });
});
