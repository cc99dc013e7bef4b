import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePolicy, type TablePermissionInput } from '../../src/index.js';
import {
  arbitraryContact,
  arbitraryPortalPolicy,
  assertAgreesWithReference,
  neverCan,
  PolicyPropertyError,
  referenceCan,
} from '../../src/testing/index.js';
import { boundedFollowers, boundedFollowersInput, followers } from '../fixtures/bounded-followers.js';

/** "Another company" is another (legal entity, account number) pair (D4). */
const anotherCompanys = (
  order: Readonly<Record<string, unknown>>,
  contact: { accountId?: unknown; legalEntity?: unknown },
) => order.customerAccount !== contact.accountId || order.company !== contact.legalEntity;

const contacts = arbitraryContact(boundedFollowersInput, { webRoles: ['Follower'] });

describe('the reference evaluator on a contact scope bounded within the account (D20)', () => {
  it("covers a followed order of the contact's own company and no other company's", () => {
    const order = { id: 'O1', customerAccount: 'A', company: 'usmf', followerIds: ['sam'] };
    expect(referenceCan(boundedFollowersInput, followers.sam, 'read', 'order', order)).toBe(true);
    for (const elsewhere of [{ customerAccount: 'B' }, { company: 'demf' }, { customerAccount: null }]) {
      expect(
        referenceCan(boundedFollowersInput, followers.sam, 'read', 'order', { ...order, ...elsewhere }),
      ).toBe(false);
    }
  });

  it('covers a watched invoice of the legal entity only', () => {
    const invoice = { id: 'I1', company: 'usmf', watcherIds: ['sam'] };
    expect(referenceCan(boundedFollowersInput, followers.sam, 'read', 'invoice', invoice)).toBe(true);
    expect(
      referenceCan(boundedFollowersInput, followers.sam, 'read', 'invoice', { ...invoice, company: 'demf' }),
    ).toBe(false);
  });

  it('agrees with the compiled policy in memory', async () => {
    await assertAgreesWithReference(boundedFollowers, { runs: 200 });
  });
});

describe("neverCan on followers of another company's orders", () => {
  it('passes when the follower scope is bounded within the account', () => {
    neverCan(boundedFollowers, contacts, 'read', 'order', anotherCompanys, { runs: 300 });
  });

  it('finds the follower of another company’s order once the bound is removed', () => {
    const unbounded = definePolicy({
      ...boundedFollowersInput,
      tablePermissions: boundedFollowersInput.tablePermissions.map((permission) =>
        Object.fromEntries(Object.entries(permission).filter(([key]) => key !== 'within')),
      ) as unknown as TablePermissionInput[],
    });
    expect(() =>
      neverCan(unbounded, contacts, 'read', 'order', anotherCompanys, { runs: 300, seed: 7 }),
    ).toThrow(PolicyPropertyError);
  });
});

describe('arbitraryPortalPolicy', () => {
  it('draws contact scopes bounded within the account and within the legal entity, and only those', () => {
    const bounds = new Set<string>();
    for (const input of fc.sample(arbitraryPortalPolicy(), { numRuns: 300, seed: 3 })) {
      for (const permission of input.tablePermissions ?? []) {
        if (permission.within === undefined) continue;
        expect(permission.scope).toBe('contact');
        bounds.add(permission.within);
      }
      definePolicy(input);
    }
    expect([...bounds].sort()).toEqual(['account', 'legalEntity']);
  });
});
