import { describe, expect, it } from 'vitest';
import {
  createInvitation,
  DAY_MS,
  deactivateInvitation,
  InvitationCodeMismatchError,
  redeemInvitation,
} from '../../src/accounts/index.js';
import { hashCode } from '../../src/accounts/secret.js';
import { abilityFor, type ContactPrincipal, definePolicy } from '../../src/index.js';
import type { WebRoleInput } from '../../src/policy/web-role.js';
import { administrationInput, contacts } from '../fixtures/administration.js';
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

/** The refusal a redemption rejects with, or undefined when it redeems. */
async function refusalOf(run: Promise<unknown>): Promise<Record<string, unknown> | undefined> {
  try {
    await run;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  return undefined;
}

describe('a damaged stored invitation is refused on the field that is damaged, asking for a new invitation', () => {
  it('a count that is not a whole number ≥ 0 is refused on that count', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const field of ['maxRedemptions', 'redemptions'] as const) {
      for (const value of [-1, 1.5, '1', Number.NaN]) {
        const broken = { ...invitation, [field]: value as number };
        const refusal = await refusalOf(
          redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
        );
        expect(refusal?.issues, `${field} ${String(value)}`).toEqual([
          {
            code: 'invalid_invitation',
            path: ['invitation', field],
            message: expect.stringMatching(
              new RegExp(`${field} must be a whole number.*issue a new invitation`),
            ),
          },
        ]);
      }
    }
  });

  it('an expiry that is not a finite instant is refused on expiresAt', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const expiresAt of [Number.POSITIVE_INFINITY, 'tomorrow']) {
      const broken = { ...invitation, expiresAt: expiresAt as number };
      const refusal = await refusalOf(
        redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
      );
      expect(refusal?.issues, String(expiresAt)).toEqual([
        {
          code: 'invalid_invitation',
          path: ['invitation', 'expiresAt'],
          message: expect.stringMatching(/finite epoch-ms instant, or never.*issue a new invitation/),
        },
      ]);
    }
  });

  it('an empty or malformed account to assign is refused on assignToAccount', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const assignToAccount of ['', 42]) {
      const broken = { ...invitation, assignToAccount: assignToAccount as string };
      const refusal = await refusalOf(
        redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
      );
      expect(refusal?.issues, String(assignToAccount)).toEqual([
        {
          code: 'invalid_invitation',
          path: ['invitation', 'assignToAccount'],
          message: expect.stringMatching(/empty or malformed account.*issue a new invitation/),
        },
      ]);
    }
  });

  it('account bindings that are not a list are refused on invitedAccounts', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const broken = { ...invitation, invitedAccounts: 'X' as unknown as [] };
    const refusal = await refusalOf(
      redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
    );
    expect(refusal?.issues).toEqual([
      {
        code: 'invalid_invitation',
        path: ['invitation', 'invitedAccounts'],
        message: expect.stringMatching(/must be a list.*issue a new invitation/),
      },
    ]);
  });

  it('web roles stored as anything but a list of names hand out nothing: the invitation is refused on assignWebRoles', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const assignWebRoles of ['Administrator', undefined, ['Authorized user', 42]]) {
      const broken = { ...invitation, assignWebRoles: assignWebRoles as string[] };
      const refusal = await refusalOf(
        redeemInvitation(environment, { policy, invitation: broken, code, contact: jane }),
      );
      expect(refusal?.issues, JSON.stringify(assignWebRoles)).toEqual([
        {
          code: 'invalid_invitation',
          path: ['invitation', 'assignWebRoles'],
          message: expect.stringMatching(/must be a list of web role names; issue a new invitation/),
        },
      ]);
    }
  });

  it('a web role the policy no longer accepts is refused with the advice to issue a new invitation', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const ghost = { ...invitation, assignWebRoles: ['Ghost role'] };
    const refusal = await refusalOf(
      redeemInvitation(environment, { policy, invitation: ghost, code, contact: jane }),
    );
    expect(refusal?.message).toMatch(/"Ghost role" is not defined.*; issue a new invitation/);
  });

  it('a stored hash that is not exactly a SHA-256 hex digest is refused as such, not as a wrong code', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const wrapped = [invitation.codeHash] as unknown as string;
    for (const codeHash of [`${invitation.codeHash}0`, `0${invitation.codeHash}`, 'z'.repeat(64), wrapped]) {
      const refusal = await refusalOf(
        redeemInvitation(environment, {
          policy,
          invitation: { ...invitation, codeHash },
          code,
          contact: jane,
        }),
      );
      expect(refusal, String(codeHash)).toMatchObject({
        code: 'invalid_lifecycle_input',
        issues: [
          {
            code: 'invalid_code_hash',
            path: ['invitation', 'codeHash'],
            message: expect.stringMatching(/not a SHA-256 hex digest; store the codeHash/),
          },
        ],
      });
    }
  });

  it('an empty code never matches, even an invitation stored with the hash of the empty code', async () => {
    const { environment, jane, policy, invitation } = await setup();
    const emptyCode = { ...invitation, codeHash: await hashCode('') };
    for (const code of ['', undefined]) {
      await expect(
        redeemInvitation(environment, { policy, invitation: emptyCode, code: code as string, contact: jane }),
        String(code),
      ).rejects.toBeInstanceOf(InvitationCodeMismatchError);
    }
  });

  it('a refusal because invitations are switched off says which setting turns them on', async () => {
    const { environment, jane, invitation, code } = await setup();
    const closed = definePolicy({ ...customerPortalInput, registration: { enabled: false } });
    const refusal = await refusalOf(
      redeemInvitation(environment, { policy: closed, invitation, code, contact: jane }),
    );
    expect(refusal?.message).toMatch(/registration\.invitations/);
  });
});

describe('what a redemption accepts', () => {
  it('an invitation that never expires is redeemed long after it was issued', async () => {
    const environment = fakeEnvironment();
    const jane: ContactPrincipal = { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf' };
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [jane],
      expiresAt: null,
    });
    expect(invitation.expiresAt).toBeNull();
    environment.advance(3650 * DAY_MS);
    await expect(
      redeemInvitation(environment, { policy: customerPortal, invitation, code, contact: jane }),
    ).resolves.toBeDefined();
  });

  it('a contact whose state is explicitly active redeems', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const active = { ...jane, state: 'active' as const };
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: active }),
    ).resolves.toBeDefined();
  });

  it('a blocked or disabled contact is refused, naming its state and who can lift it', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    for (const state of ['blocked', 'disabled'] as const) {
      const refusal = await refusalOf(
        redeemInvitation(environment, { policy, invitation, code, contact: { ...jane, state } }),
      );
      expect(refusal?.message, state).toMatch(
        new RegExp(`"jane" is ${state}; an administrator must re-enable`),
      );
    }
  });

  it('a redemption records the contact, the account it lands in, its web roles and the count', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const { event } = await redeemInvitation(environment, { policy, invitation, code, contact: jane });
    expect(event.details).toEqual({
      contactId: 'jane',
      accountId: 'X',
      webRoles: ['Authorized user'],
      redemptions: 1,
    });
  });
});

describe('an invitation stored without account bindings (issued before they were recorded)', () => {
  const unbound = async () => {
    const { invitedAccounts: _, ...invitation } = (await setup()).invitation;
    return { ...(await setup()), invitation };
  };

  it('still redeems for a contact that can be invited', async () => {
    const { environment, jane, policy, invitation, code } = await unbound();
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: jane }),
    ).resolves.toBeDefined();
  });

  it('still refuses a contact that has lost its account, saying what to set', async () => {
    const { environment, jane, policy, invitation, code } = await unbound();
    const refusal = await refusalOf(
      redeemInvitation(environment, { policy, invitation, code, contact: { ...jane, accountId: null } }),
    );
    expect(refusal).toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'accountId'] });
    expect(refusal?.message).toMatch(/no customer account number/);
  });
});

describe('each contact is checked against its own binding', () => {
  it('in a group invitation, a contact is compared with where it was at issue, not with another contact', async () => {
    const environment = fakeEnvironment();
    const jane: ContactPrincipal = { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf' };
    const yan: ContactPrincipal = { kind: 'contact', id: 'yan', accountId: 'Y', legalEntity: 'usmf' };
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [jane, yan],
      type: 'group',
    });
    await expect(
      redeemInvitation(environment, { policy: customerPortal, invitation, code, contact: yan }),
    ).resolves.toBeDefined();
  });

  it('a contact missing from the bindings is refused as moved, with a new invitation as the way out', async () => {
    const { environment, jane, policy, invitation, code } = await setup();
    const refusal = await refusalOf(
      redeemInvitation(environment, {
        policy,
        invitation: { ...invitation, invitedAccounts: [] },
        code,
        contact: jane,
      }),
    );
    expect(refusal).toMatchObject({ code: 'contact_not_invitable', path: ['contact', 'accountId'] });
    expect(refusal?.message).toMatch(/moved to another customer account.*issue a new invitation/);
  });

  it('a contact stored with an empty account and bound with none has not moved', async () => {
    const environment = fakeEnvironment();
    const nina: ContactPrincipal = { kind: 'contact', id: 'nina', legalEntity: 'usmf', accountId: null };
    const { invitation, code } = await createInvitation(environment, {
      policy: customerPortal,
      contacts: [nina],
      assignToAccount: 'X',
    });
    await expect(
      redeemInvitation(environment, {
        policy: customerPortal,
        invitation,
        code,
        contact: { ...nina, accountId: '' as unknown as null },
      }),
    ).resolves.toMatchObject({ contact: { accountId: 'X' } });
  });
});

describe('the issuer re-check refuses an ability that is not the issuer’s under this policy', () => {
  const policy = definePolicy(administrationInput);
  const nina: ContactPrincipal = { kind: 'contact', id: 'nina', legalEntity: 'usmf', accountId: null };
  const issued = async () => {
    const environment = fakeEnvironment();
    const created = await createInvitation(environment, {
      policy,
      contacts: [nina],
      assignToAccount: 'X',
      actorId: 'rita',
    });
    return { environment, ...created };
  };

  it('an ability compiled under another policy is refused on issuer, saying which ability to pass', async () => {
    const { environment, invitation, code } = await issued();
    const other = definePolicy(administrationInput);
    const refusal = await refusalOf(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: nina,
        issuer: abilityFor(other, contacts.rep),
      }),
    );
    expect(refusal?.issues).toEqual([
      {
        code: 'issuer_policy',
        path: ['issuer'],
        message: expect.stringMatching(/abilityFor\(policy, issuer\)/),
      },
    ]);
  });

  it('another principal than the issuer is refused on issuer, naming the issuer', async () => {
    const { environment, invitation, code } = await issued();
    const refusal = await refusalOf(
      redeemInvitation(environment, {
        policy,
        invitation,
        code,
        contact: nina,
        issuer: abilityFor(policy, { ...contacts.rep, id: 'rex' }),
      }),
    );
    expect(refusal?.issues).toEqual([
      { code: 'issuer_mismatch', path: ['issuer'], message: expect.stringMatching(/issued by "rita"/) },
    ]);
  });

  it('an invitation that names no issuer is re-checked against the ability given', async () => {
    const { environment, invitation, code } = await issued();
    const { issuedBy: _, ...anonymous } = invitation;
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation: anonymous,
        code,
        contact: nina,
        issuer: abilityFor(policy, contacts.rep),
      }),
    ).resolves.toBeDefined();
  });
});
