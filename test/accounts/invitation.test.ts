import { describe, expect, it } from 'vitest';
import {
  createInvitation,
  DAY_MS,
  deactivateInvitation,
  isPending,
  LicencePoolExhaustedError,
} from '../../src/accounts/index.js';
import { type ContactPrincipal, definePolicy } from '../../src/index.js';
import { customerPortal, customerPortalInput } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

function setup() {
  const environment = fakeEnvironment();
  const jane: ContactPrincipal = { kind: 'contact', id: 'jane', accountId: 'X', legalEntity: 'usmf' };
  const sam: ContactPrincipal = { kind: 'contact', id: 'sam', accountId: 'X', legalEntity: 'usmf' };
  return { environment, jane, sam, policy: customerPortal };
}

describe('createInvitation', () => {
  it('issues a single invitation that expires 14 days later and stores only the hash of its code', async () => {
    const { environment, jane, policy } = setup();
    const { invitation, code, event } = await createInvitation(environment, {
      policy,
      contacts: [jane],
      assignWebRoles: ['Authorized user'],
      actorId: 'admin',
    });
    const issuedAt = environment.now() as number;
    expect(invitation).toMatchObject({
      type: 'single',
      invitedContacts: ['jane'],
      maxRedemptions: 1,
      redemptions: 0,
      status: 'active',
      issuedAt,
      expiresAt: issuedAt + 14 * DAY_MS,
    });
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(JSON.stringify(invitation)).not.toContain(code);
    expect(invitation.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(event).toMatchObject({
      type: 'invitation.created',
      actorId: 'admin',
      subjectId: invitation.id,
      at: issuedAt,
    });
  });

  it('draws at least 128 bits of randomness for every code', async () => {
    const { jane, policy } = setup();
    const requested: number[] = [];
    const environment = {
      ...fakeEnvironment(),
      randomBytes: (n: number) => {
        requested.push(n);
        return new Uint8Array(n).fill(7);
      },
    };
    await createInvitation(environment, { policy, contacts: [jane], id: 'inv-1' });
    expect(Math.max(...requested) * 8).toBeGreaterThanOrEqual(128);
  });

  it('gives two invitations different codes', async () => {
    const { environment, jane, policy } = setup();
    const first = await createInvitation(environment, { policy, contacts: [jane] });
    const second = await createInvitation(environment, { policy, contacts: [jane] });
    expect(first.code).not.toBe(second.code);
    expect(first.invitation.codeHash).not.toBe(second.invitation.codeHash);
  });

  it('refuses a contact without a company or without an account number', async () => {
    const { environment, policy } = setup();
    for (const contact of [
      { kind: 'contact', id: 'c', accountId: 'X' },
      { kind: 'contact', id: 'c', legalEntity: 'usmf', accountId: '' },
      { kind: 'contact', id: 'c', legalEntity: 'usmf', accountId: null },
    ] satisfies ContactPrincipal[]) {
      await expect(createInvitation(environment, { policy, contacts: [contact] })).rejects.toMatchObject({
        code: 'contact_not_invitable',
      });
    }
  });

  it('refuses a deleted contact', async () => {
    const { environment, jane, policy } = setup();
    await expect(
      createInvitation(environment, { policy, contacts: [{ ...jane, state: 'deleted' }] }),
    ).rejects.toMatchObject({
      code: 'contact_not_invitable',
      path: ['contacts', 0, 'state'],
    });
  });

  it('refuses unknown and built-in web roles with a hint', async () => {
    const { environment, jane, policy } = setup();
    // Typed string, as roles read from a request: a literal typo would not compile (D51).
    const roles: readonly string[] = ['Authorised user', 'Authenticated users'];
    const error = await createInvitation(environment, {
      policy,
      contacts: [jane],
      assignWebRoles: roles,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_lifecycle_input' });
    expect((error as { issues: unknown[] }).issues).toMatchObject([
      {
        code: 'unknown_web_role',
        path: ['assignWebRoles', 0],
        message: expect.stringContaining('did you mean "Authorized user"'),
      },
      { code: 'builtin_web_role', path: ['assignWebRoles', 1] },
    ]);
  });

  it('refuses a single invitation for two contacts and a group invitation with maxRedemptions below 1', async () => {
    const { environment, jane, sam, policy } = setup();
    await expect(createInvitation(environment, { policy, contacts: [jane, sam] })).rejects.toMatchObject({
      issues: [{ code: 'invitation_contacts' }],
    });
    await expect(
      createInvitation(environment, { policy, type: 'group', contacts: [jane], maxRedemptions: 0 }),
    ).rejects.toMatchObject({ issues: [{ code: 'invitation_max_redemptions' }] });
  });

  it('refuses an expiry that is not after the issue instant', async () => {
    const { environment, jane, policy } = setup();
    await expect(
      createInvitation(environment, { policy, contacts: [jane], expiresAt: environment.now() as number }),
    ).rejects.toMatchObject({ issues: [{ code: 'invitation_expiry' }] });
  });

  it('refuses to issue invitations when the policy switches them off', async () => {
    const { environment, jane } = setup();
    const policy = definePolicy({ ...customerPortalInput, registration: { invitations: false } });
    await expect(createInvitation(environment, { policy, contacts: [jane] })).rejects.toMatchObject({
      code: 'registration_disabled',
    });
  });

  it('reserves one seat per redemption for a seat-holding group invitation, refusing when the pool is short', async () => {
    const { environment, jane, sam, policy } = setup();
    const licences = { seats: 2, users: [{ id: 'u1', licensed: true }], invitations: [] };
    const error = await createInvitation(environment, {
      policy,
      type: 'group',
      contacts: [jane, sam],
      holdsSeat: true,
      licences,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LicencePoolExhaustedError);
    expect(error).toMatchObject({ missing: 1 });
    const { invitation } = await createInvitation(environment, {
      policy,
      type: 'group',
      contacts: [jane],
      holdsSeat: true,
      licences,
    });
    expect(invitation).toMatchObject({ holdsSeat: true, maxRedemptions: 1 });
  });

  it('refuses a seat-holding invitation without the licence state', async () => {
    const { environment, jane, policy } = setup();
    await expect(
      createInvitation(environment, { policy, contacts: [jane], holdsSeat: true }),
    ).rejects.toMatchObject({
      issues: [{ code: 'licences_required' }],
    });
  });

  it('is pending until the instant it expires, and not once deactivated', async () => {
    const { environment, jane, policy } = setup();
    const { invitation } = await createInvitation(environment, { policy, contacts: [jane] });
    expect(isPending(invitation, invitation.expiresAt! - 1)).toBe(true);
    expect(isPending(invitation, invitation.expiresAt!)).toBe(false);
    const deactivated = deactivateInvitation(environment, invitation, 'admin');
    expect(isPending(deactivated.invitation, invitation.issuedAt)).toBe(false);
    expect(invitation.status).toBe('active');
    expect(deactivated.event).toMatchObject({ type: 'invitation.deactivated', actorId: 'admin' });
  });
});

describe('an invitation expires at a valid instant, or never when asked explicitly', () => {
  it('an expiry that is not a finite instant is refused, so Infinity never makes an invitation that never expires', async () => {
    const { environment, jane, policy } = setup();
    for (const expiresAt of [
      Number.POSITIVE_INFINITY,
      Number.NaN,
      new Date('not a date'),
      '2099-01-01' as unknown as number,
    ]) {
      await expect(
        createInvitation(environment, { policy, contacts: [jane], expiresAt }),
        String(expiresAt),
      ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', path: ['expiresAt'] });
    }
  });

  it('an invitation that never expires is asked for with expiresAt null and says so in its audit event', async () => {
    const { environment, jane, policy } = setup();
    const { invitation, event } = await createInvitation(environment, {
      policy,
      contacts: [jane],
      expiresAt: null,
    });
    expect(invitation.expiresAt).toBeNull();
    expect(event.details.expiresAt).toBe('never');
    expect(isPending(invitation, (environment.now() as number) + 100 * 365 * DAY_MS)).toBe(true);
  });

  it('an invitation type other than single or group is refused', async () => {
    const { environment, jane, policy } = setup();
    await expect(
      createInvitation(environment, { policy, contacts: [jane], type: 'everyone' as 'group' }),
    ).rejects.toMatchObject({ code: 'invalid_lifecycle_input', path: ['type'] });
  });
});

describe('the random source behind invitation codes', () => {
  it('a random source that returns too few bytes is refused with a library error, and no invitation is made', async () => {
    const { jane, policy } = setup();
    const environment = { now: () => Date.UTC(2025, 0, 1), randomBytes: () => new Uint8Array(4) };
    await expect(createInvitation(environment, { policy, contacts: [jane] })).rejects.toMatchObject({
      code: 'invalid_lifecycle_input',
      path: ['environment', 'randomBytes'],
    });
  });
});
