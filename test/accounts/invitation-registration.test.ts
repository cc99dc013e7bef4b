import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Invitation,
  InvitationCodeMismatchError,
  InvitationNewcomersOnlyError,
  type InvitationRegistrationRequest,
  inviteNewcomers,
  OperationNotAllowedError,
  redeemInvitation,
  registerByInvitation,
} from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, definePolicy } from '../../src/index.js';
import { administrationInput, administrationPolicy, contacts } from '../fixtures/administration.js';
import { order } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

const visitor = { kind: 'anonymous' } as const;

// Rita (account X, usmf; Company contact manager, Customer representative) invites people into her account.
async function setup(request: Parameters<typeof inviteNewcomers>[2] = { emails: ['nina@example.com'] }) {
  const environment = fakeEnvironment();
  const policy = administrationPolicy;
  const rita = contacts.rep;
  const issuer = abilityFor(policy, rita);
  const created = await inviteNewcomers(issuer, environment, {
    assignWebRoles: ['Customer representative'],
    ...request,
  });
  const register = (overrides: Partial<InvitationRegistrationRequest> = {}) =>
    registerByInvitation(environment, {
      policy,
      invitation: created.invitation,
      code: created.code,
      email: 'nina@example.com',
      contactId: 'nina',
      visitor,
      issuer,
      ...overrides,
    });
  return { environment, policy, rita, issuer, register, ...created };
}

afterEach(() => vi.restoreAllMocks());

describe('registerByInvitation', () => {
  it('creates the contact in the inviter’s account with the invitation’s roles, and it reads that account’s orders', async () => {
    const { register, invitation, policy } = await setup();
    const registered = await register({ email: ' Nina@EXAMPLE.com' });
    expect(registered.contact).toEqual({
      kind: 'contact',
      id: 'nina',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Customer representative'],
      state: 'active',
      registeredVia: 'invitation',
    });
    expect(registered).toMatchObject({ email: 'nina@example.com', expectedRedemptions: 0 });
    expect(registered.invitation).toMatchObject({
      redemptions: 1,
      redeemedContacts: ['nina'],
      redeemedEmails: ['nina@example.com'],
    });
    expect(registered.event).toMatchObject({
      type: 'invitation.redeemed',
      actorId: 'nina',
      subjectId: invitation.id,
    });
    expect(invitation.redemptions).toBe(0);
    const ability = abilityFor(policy, registered.contact);
    expect(ability.can('read', order('sams'))).toBe(true);
    expect(ability.can('read', order('mays'))).toBe(false);
  });

  it('an email invitation is for that address only: another address, a lookalike, or a second time are refused', async () => {
    const { register, code, environment, policy, issuer } = await setup();
    await expect(register({ email: 'eve@example.com' })).rejects.toMatchObject({
      code: 'invitation_not_for_contact',
    });
    await expect(register({ email: 'n\u0456na@example.com' })).rejects.toMatchObject({
      code: 'invalid_lifecycle_input',
      issues: [expect.objectContaining({ code: 'invalid_email', path: ['email'] })],
    });
    const once = await register();
    await expect(
      registerByInvitation(environment, {
        policy,
        invitation: once.invitation,
        code,
        email: 'NINA@example.com ',
        contactId: 'nina2',
        visitor,
        issuer,
      }),
    ).rejects.toMatchObject({ code: 'invitation_already_redeemed' });
  });

  it('a group code registers up to maxRedemptions new people, each address and each contact once', async () => {
    const { register, environment, policy, issuer, code } = await setup({ type: 'group', maxRedemptions: 2 });
    const first = await register({ email: 'nina@example.com', contactId: 'nina' });
    const next = (email: string, contactId: string, invitation: Invitation) =>
      registerByInvitation(environment, { policy, invitation, code, email, contactId, visitor, issuer });
    for (const again of ['nina@example.com', ' NINA@Example.com', 'Nina@example.com\t']) {
      await expect(next(again, 'nina-2', first.invitation)).rejects.toMatchObject({
        code: 'invitation_already_redeemed',
      });
    }
    await expect(next('other@example.com', 'nina', first.invitation)).rejects.toMatchObject({
      code: 'invitation_already_redeemed',
    });
    const second = await next('omar@example.com', 'omar', first.invitation);
    expect(second.invitation).toMatchObject({
      redemptions: 2,
      redeemedEmails: ['nina@example.com', 'omar@example.com'],
    });
    await expect(next('pele@example.com', 'pele', second.invitation)).rejects.toMatchObject({
      code: 'invitation_exhausted',
    });
  });

  it('redeems at expiresAt − 1 ms and refuses at exactly expiresAt', async () => {
    const { register, environment, invitation } = await setup();
    environment.set(invitation.expiresAt!);
    await expect(register()).rejects.toMatchObject({ code: 'invitation_expired' });
    environment.set(invitation.expiresAt! - 1);
    await expect(register()).resolves.toBeDefined();
  });

  it('a signed-in contact of another account cannot redeem an email invitation, nor any contact the other way round', async () => {
    const { register, invitation, code, environment, policy } = await setup();
    await expect(register({ visitor: contacts.may })).rejects.toBeInstanceOf(InvitationNewcomersOnlyError);
    await expect(register({ visitor: contacts.jane })).rejects.toBeInstanceOf(InvitationNewcomersOnlyError);
    await expect(register({ visitor: { kind: 'user', id: 'u' } as never })).rejects.toBeInstanceOf(
      InvitationNewcomersOnlyError,
    );
    await expect(register({ visitor: Object.create({ kind: 'anonymous' }) })).rejects.toBeInstanceOf(
      InvitationNewcomersOnlyError,
    );
    const may: ContactPrincipal = { ...contacts.may };
    await expect(
      redeemInvitation(environment, { policy, invitation, code, contact: may }),
    ).rejects.toBeInstanceOf(InvitationNewcomersOnlyError);
  });

  it('an invitation to existing contacts registers nobody new', async () => {
    const { register, issuer, environment } = await setup();
    const { administrationBy } = await import('../../src/accounts/index.js');
    const forJane = await administrationBy(issuer, environment).invite({ contacts: [contacts.jane] });
    await expect(register({ invitation: forJane.invitation, code: forJane.code })).rejects.toMatchObject({
      code: 'invitation_not_for_contact',
    });
  });

  it('the issuer is asked again: a lost invite right, a role no longer held, another issuer or another policy refuse', async () => {
    const { register, rita, policy } = await setup();
    const demoted = abilityFor(policy, { ...rita, administrativeRoles: [] });
    await expect(register({ issuer: demoted })).rejects.toBeInstanceOf(OperationNotAllowedError);
    const withoutRole = abilityFor(policy, { ...rita, webRoles: ['Authorized user'] });
    await expect(register({ issuer: withoutRole })).rejects.toMatchObject({ code: 'web_role_elevation' });
    const moved = abilityFor(policy, { ...rita, accountId: 'Y' });
    await expect(register({ issuer: moved })).rejects.toBeInstanceOf(OperationNotAllowedError);
    const blocked = abilityFor(policy, { ...rita, state: 'blocked' });
    await expect(register({ issuer: blocked })).rejects.toBeInstanceOf(OperationNotAllowedError);
    await expect(register({ issuer: abilityFor(policy, contacts.jane) })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'issuer_mismatch' })],
    });
    await expect(register({ issuer: undefined as never })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'issuer_required' })],
    });
    const republished = definePolicy(administrationInput);
    await expect(register({ policy: republished })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'issuer_policy' })],
    });
  });

  it('a stored invitation that names no issuer or whose roles the current policy dropped registers nobody', async () => {
    const { register, invitation } = await setup();
    const { issuedBy: _issuedBy, ...anonymous } = invitation;
    await expect(register({ invitation: anonymous as Invitation })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'issuer_mismatch' })],
    });
    await expect(
      register({ invitation: { ...invitation, assignWebRoles: ['Ghost'] } }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'unknown_web_role' })],
    });
    await expect(register({ invitation: { ...invitation, assignToLegalEntity: '' } })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'invalid_invitation' })],
    });
    await expect(
      register({ invitation: { ...invitation, redeemedEmails: 'nina@example.com' as never } }),
    ).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ code: 'invalid_invitation', path: ['invitation', 'redeemedEmails'] }),
      ],
    });
    await expect(
      register({ invitation: { ...invitation, maxRedemptions: Number.NaN } }),
    ).rejects.toMatchObject({
      code: 'invalid_lifecycle_input',
    });
  });

  it('a huge or malformed code matches nothing and is never hashed', async () => {
    const { register, code } = await setup();
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    for (const attempt of ['A'.repeat(1_000_000), '', 42 as never, { toString: () => code } as never]) {
      await expect(register({ code: attempt })).rejects.toBeInstanceOf(InvitationCodeMismatchError);
    }
    expect(digest).not.toHaveBeenCalled();
    await expect(register({ code: `${code}x` })).rejects.toBeInstanceOf(InvitationCodeMismatchError);
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it('an existing-contact redemption also refuses a huge code without hashing it', async () => {
    const { issuer, environment, policy } = await setup();
    const { administrationBy } = await import('../../src/accounts/index.js');
    const forJane = await administrationBy(issuer, environment).invite({ contacts: [contacts.jane] });
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    await expect(
      redeemInvitation(environment, {
        policy,
        invitation: forJane.invitation,
        code: 'A'.repeat(1_000_000),
        contact: contacts.jane,
      }),
    ).rejects.toBeInstanceOf(InvitationCodeMismatchError);
    expect(digest).not.toHaveBeenCalled();
  });

  it('refuses a malformed new contact id, and reads the request and the invitation from own properties only', async () => {
    const { register, invitation } = await setup();
    for (const contactId of ['', ' nina', 'n\ud800a', 42 as never]) {
      await expect(register({ contactId })).rejects.toMatchObject({
        issues: [expect.objectContaining({ code: 'invalid_contact_id' })],
      });
    }
    const proto = Object.prototype as Record<string, unknown>;
    proto.audience = 'newcomers';
    proto.invitedEmails = [];
    try {
      const { audience: _audience, invitedEmails: _emails, ...plain } = invitation;
      await expect(register({ invitation: plain as Invitation })).rejects.toMatchObject({
        code: 'invitation_not_for_contact',
      });
    } finally {
      delete proto.audience;
      delete proto.invitedEmails;
    }
    const smuggled = JSON.parse(`{"__proto__":{"kind":"anonymous"}}`);
    await expect(register({ visitor: smuggled })).rejects.toBeInstanceOf(InvitationNewcomersOnlyError);
  });
});
