import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  inviteNewcomers,
  type LicenceState,
  OperationNotAllowedError,
  seatsInUse,
} from '../../src/accounts/index.js';
import { hashCode } from '../../src/accounts/secret.js';
import { abilityFor, type ContactPrincipal, definePolicy } from '../../src/index.js';
import {
  administrationInput,
  administrationPolicy,
  administrator,
  contacts,
} from '../fixtures/administration.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

// Rita manages the contacts of her own account X (usmf) and holds Customer representative; Ada is a portal
// administrator of every company; Pia is an internal user with the built-in Portal administrator role.
function setup() {
  const environment = fakeEnvironment();
  const policy = administrationPolicy;
  const rita = contacts.rep;
  const ada: ContactPrincipal = {
    kind: 'contact',
    id: 'ada',
    accountId: 'ADM',
    legalEntity: 'usmf',
    webRoles: ['Administrator', 'Authorized user'],
    administrativeRoles: ['Portal administrator'],
  };
  const pia = administrator('pia', ['Portal administrator']);
  return {
    environment,
    policy,
    rita,
    ada,
    pia,
    as: (principal: Parameters<typeof abilityFor>[1]) => abilityFor(policy, principal),
  };
}

describe('inviteNewcomers', () => {
  it('an email invitation names the address, the inviter’s own account and company, and keeps only the code’s hash', async () => {
    const { environment, rita, as } = setup();
    const { invitation, code, event } = await inviteNewcomers(as(rita), environment, {
      emails: ['  Nina@Example.com '],
      assignWebRoles: ['Customer representative'],
    });
    expect(invitation).toMatchObject({
      type: 'single',
      audience: 'newcomers',
      invitedContacts: [],
      invitedEmails: ['nina@example.com'],
      redeemedEmails: [],
      assignToAccount: 'X',
      assignToLegalEntity: 'usmf',
      assignWebRoles: ['Customer representative'],
      maxRedemptions: 1,
      redemptions: 0,
      issuedBy: 'rita',
    });
    expect(invitation.codeHash).toBe(await hashCode(code));
    expect(JSON.stringify(invitation)).not.toContain(code);
    expect(JSON.stringify(event)).not.toContain(code);
    expect(event).toMatchObject({
      type: 'invitation.created',
      actorId: 'rita',
      details: { audience: 'newcomers' },
    });
  });

  it('a group code lets maxRedemptions people register, and needs that number when it names nobody', async () => {
    const { environment, rita, as } = setup();
    const { invitation } = await inviteNewcomers(as(rita), environment, {
      type: 'group',
      maxRedemptions: 25,
    });
    expect(invitation).toMatchObject({ type: 'group', invitedEmails: [], maxRedemptions: 25 });
    await expect(inviteNewcomers(as(rita), environment, { type: 'group' })).rejects.toMatchObject({
      code: 'invalid_lifecycle_input',
      issues: [expect.objectContaining({ code: 'invitation_max_redemptions', path: ['maxRedemptions'] })],
    });
    for (const maxRedemptions of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        inviteNewcomers(as(rita), environment, { type: 'group', maxRedemptions }),
      ).rejects.toMatchObject({
        code: 'invalid_lifecycle_input',
      });
    }
  });

  it('an account-limited inviter cannot invite into another account or another legal entity', async () => {
    const { environment, rita, as } = setup();
    for (const account of [
      { accountId: 'Y', legalEntity: 'usmf' },
      { accountId: 'X', legalEntity: 'demf' },
    ]) {
      await expect(
        inviteNewcomers(as(rita), environment, { emails: ['nina@example.com'], account }),
      ).rejects.toBeInstanceOf(OperationNotAllowedError);
    }
    await expect(
      inviteNewcomers(as(rita), environment, {
        emails: ['nina@example.com'],
        account: { accountId: 'X', legalEntity: 'usmf' },
      }),
    ).resolves.toBeDefined();
  });

  it('refuses web roles the inviter could not grant: a contact hands out only roles it holds', async () => {
    const { environment, rita, ada, as } = setup();
    await expect(
      inviteNewcomers(as(rita), environment, {
        emails: ['nina@example.com'],
        assignWebRoles: ['Administrator'],
      }),
    ).rejects.toMatchObject({ code: 'web_role_elevation' });
    await expect(
      inviteNewcomers(as(ada), environment, {
        emails: ['nina@example.com'],
        assignWebRoles: ['Administrator'],
        account: { accountId: 'X', legalEntity: 'usmf' },
      }),
    ).resolves.toBeDefined();
  });

  it('refuses an inviter without invite, a visitor, and a contact without the roles to assign', async () => {
    const { environment, as } = setup();
    await expect(
      inviteNewcomers(as(contacts.jane), environment, { emails: ['nina@example.com'] }),
    ).rejects.toBeInstanceOf(OperationNotAllowedError);
    await expect(
      inviteNewcomers(as({ kind: 'anonymous' }), environment, { emails: ['nina@example.com'] }),
    ).rejects.toBeInstanceOf(OperationNotAllowedError);
  });

  it('an internal user names the account, since it has none of its own', async () => {
    const { environment, pia, as } = setup();
    await expect(
      inviteNewcomers(as(pia), environment, { emails: ['nina@example.com'] }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'invitation_account', path: ['account'] })],
    });
    for (const account of [
      { accountId: '', legalEntity: 'usmf' },
      { accountId: 'Y\ud800', legalEntity: 'usmf' },
      { accountId: 'Y', legalEntity: null as never },
    ]) {
      await expect(
        inviteNewcomers(as(pia), environment, { emails: ['nina@example.com'], account }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ code: 'invitation_account' })],
      });
    }
    const { invitation } = await inviteNewcomers(as(pia), environment, {
      emails: ['nina@example.com'],
      account: { accountId: 'Y', legalEntity: 'usmf' },
      assignWebRoles: ['Authorized user'],
    });
    expect(invitation).toMatchObject({ assignToAccount: 'Y', issuedBy: 'pia' });
  });

  it('refuses malformed, lookalike, huge and repeated addresses, each at its path', async () => {
    const { environment, rita, as } = setup();
    const error = await inviteNewcomers(as(rita), environment, {
      type: 'group',
      emails: [
        'nina@example.com',
        'NINA@example.com ',
        'n\u0456na@example.com',
        `${'a'.repeat(100_000)}@x.com`,
        'nope',
      ],
    }).catch((caught) => caught);
    expect(
      error.issues.map((issue: { code: string; path: unknown[] }) => [issue.code, issue.path.join('.')]),
    ).toEqual([
      ['invitation_emails', 'emails.1'],
      ['invalid_email', 'emails.2'],
      ['invalid_email', 'emails.3'],
      ['invalid_email', 'emails.4'],
    ]);
    expect(error.message.length).toBeLessThan(2_000);
    await expect(inviteNewcomers(as(rita), environment, { emails: [] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'invitation_emails' })],
    });
    await expect(
      inviteNewcomers(as(rita), environment, { emails: ['a@example.com', 'b@example.com'] }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'invitation_emails' })] });
  });

  it('reads the request from own properties only: a polluted prototype names no account and no roles', async () => {
    const { environment, pia, as } = setup();
    const proto = Object.prototype as Record<string, unknown>;
    proto.account = { accountId: 'Y', legalEntity: 'usmf' };
    proto.assignWebRoles = ['Administrator'];
    try {
      await expect(
        inviteNewcomers(as(pia), environment, { emails: ['nina@example.com'] }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ code: 'invitation_account' })],
      });
    } finally {
      delete proto.account;
      delete proto.assignWebRoles;
    }
    const request = JSON.parse(
      '{"emails":["nina@example.com"],"__proto__":{"account":{"accountId":"Y","legalEntity":"usmf"}}}',
    );
    await expect(inviteNewcomers(as(pia), environment, request)).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'invitation_account' })],
    });
  });

  it('a seat-holding group code reserves a seat for every registration it may still bring', async () => {
    const { environment, ada, as } = setup();
    const licences: LicenceState = { seats: 5, users: [{ id: 'u1', licensed: true }], invitations: [] };
    const granted = abilityFor(
      definePolicy({
        ...administrationInput,
        administrativeRoles: [
          ...administrationInput.administrativeRoles,
          { name: 'Seat inviter', operations: ['invite', 'assignLicense'], targets: { kinds: ['contact'] } },
        ],
      }),
      { ...ada, administrativeRoles: ['Seat inviter'] },
    );
    const account = { accountId: 'X', legalEntity: 'usmf' };
    await expect(
      inviteNewcomers(as(ada), environment, {
        type: 'group',
        maxRedemptions: 2,
        holdsSeat: true,
        licences,
        account,
      }),
    ).rejects.toBeInstanceOf(OperationNotAllowedError);
    await expect(
      inviteNewcomers(granted, environment, {
        type: 'group',
        maxRedemptions: 5,
        holdsSeat: true,
        licences,
        account,
      }),
    ).rejects.toMatchObject({ code: 'licence_pool_exhausted' });
    const { invitation } = await inviteNewcomers(granted, environment, {
      type: 'group',
      maxRedemptions: 4,
      holdsSeat: true,
      licences,
      account,
    });
    const now = Number(environment.now());
    expect(seatsInUse({ ...licences, invitations: [invitation] }, now)).toBe(5);
    expect(seatsInUse({ ...licences, invitations: [{ ...invitation, redemptions: 3 }] }, now)).toBe(2);
  });

  it('administrationBy(...).inviteNewcomers is the same operation for the acting principal', async () => {
    const { environment, rita, as } = setup();
    const { invitation } = await administrationBy(as(rita), environment).inviteNewcomers({
      emails: ['nina@example.com'],
    });
    expect(invitation).toMatchObject({ audience: 'newcomers', issuedBy: 'rita', assignToAccount: 'X' });
  });
});
