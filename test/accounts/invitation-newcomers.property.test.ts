import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inviteNewcomers, registerByInvitation } from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal } from '../../src/index.js';
import { administrationPolicy as policy } from '../fixtures/administration.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { propertyRuns } from '../fixtures/property-runs.js';

// The roles a contact may hold and hand out, and the two administrative roles that invite contacts: the
// fixture's Company contact manager (own account only) and the built-in Portal administrator (every company).
const WEB_ROLES = policy.webRoles
  .filter((role) => !role.anonymousUsers && !role.authenticatedUsers)
  .map((role) => role.name);
const ADMIN_ROLES = ['Company contact manager', 'Portal administrator'] as const;
const ACCOUNTS = ['X', 'Y'] as const;
const LEGAL_ENTITIES = ['usmf', 'demf'] as const;

const place = fc.record({
  accountId: fc.constantFrom(...ACCOUNTS),
  legalEntity: fc.constantFrom(...LEGAL_ENTITIES),
});
const inviter = fc.record({
  place,
  administrativeRoles: fc.subarray([...ADMIN_ROLES]),
  webRoles: fc.subarray(WEB_ROLES),
});
const request = fc.record({ account: fc.option(place, { nil: undefined }), roles: fc.subarray(WEB_ROLES) });

type Inviter = {
  readonly place: { readonly accountId: string; readonly legalEntity: string };
  readonly administrativeRoles: readonly string[];
  readonly webRoles: readonly string[];
};

// A manager of account X (usmf) who holds Authorized user: the fixed cases below start from her.
const manager: Inviter = {
  place: { accountId: 'X', legalEntity: 'usmf' },
  administrativeRoles: ['Company contact manager'],
  webRoles: ['Authorized user'],
};

/** The rule written out separately: who may bring a new contact into which account with which roles. */
function referenceAllows(
  who: Inviter,
  target: { accountId: string; legalEntity: string },
  roles: readonly string[],
): boolean {
  const reaches = who.administrativeRoles.some(
    (role) =>
      role === 'Portal administrator' ||
      (target.accountId === who.place.accountId && target.legalEntity === who.place.legalEntity),
  );
  return reaches && roles.every((role) => who.webRoles.includes(role));
}

type Asked = {
  readonly account: { accountId: string; legalEntity: string } | undefined;
  readonly roles: string[];
};

/** Invites as `who`, compares with the reference, registers when created; says which happened. */
async function inviteAndCompare(who: Inviter, asked: Asked): Promise<'created' | 'refused'> {
  const environment = fakeEnvironment();
  const principal: ContactPrincipal = {
    kind: 'contact',
    id: 'inviter',
    ...who.place,
    webRoles: [...who.webRoles],
    administrativeRoles: [...who.administrativeRoles],
  };
  const issuer = abilityFor(policy, principal);
  const target = asked.account ?? who.place;
  const expected = referenceAllows(who, target, asked.roles);
  const outcome = await inviteNewcomers(issuer, environment, {
    emails: ['nina@example.com'],
    assignWebRoles: asked.roles,
    ...(asked.account ? { account: asked.account } : {}),
  }).catch((error: { code?: string }) => error);
  if (!('invitation' in outcome)) {
    expect(['operation_not_allowed', 'web_role_elevation']).toContain(outcome.code);
    expect(expected).toBe(false);
    return 'refused';
  }
  expect(expected).toBe(true);
  const { contact } = await registerByInvitation(environment, {
    policy,
    invitation: outcome.invitation,
    code: outcome.code,
    email: 'nina@example.com',
    contactId: 'nina',
    visitor: { kind: 'anonymous' },
    issuer,
  });
  expect({ accountId: contact.accountId, legalEntity: contact.legalEntity }).toEqual(target);
  for (const role of contact.webRoles ?? []) expect(who.webRoles).toContain(role);
  return 'created';
}

describe('inviting newcomers agrees with a separately written rule', () => {
  it('the reference and the library both allow an own-account invitation and refuse one into another account', async () => {
    expect(await inviteAndCompare(manager, { account: undefined, roles: ['Authorized user'] })).toBe(
      'created',
    );
    expect(
      await inviteAndCompare(manager, { account: { accountId: 'Y', legalEntity: 'usmf' }, roles: [] }),
    ).toBe('refused');
  });

  it('an invitation is created exactly when the reference allows it, and registration gives the contact no more than the inviter could', async () => {
    const seen = { created: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(inviter, request, async (who, asked) => {
        seen[await inviteAndCompare(who, asked)]++;
      }),
      { numRuns: propertyRuns(200) },
    );
    // Non-vacuity over a full run: both outcomes occur (each is about a third of the draws or more).
    if (propertyRuns(200) >= 50) {
      expect(seen.created).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    }
  });
});
