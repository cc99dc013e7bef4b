import { describe, expect, it } from 'vitest';
import {
  type Invitation,
  InvitationBusyError,
  type InvitationRegistration,
  type InvitationStore,
  inviteNewcomers,
  registerWithStore,
} from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal } from '../../src/index.js';
import { administrationPolicy, contacts } from '../fixtures/administration.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A store in memory whose reads and writes each yield to the event loop. The first `together` reads wait for
 * one another, so that many registrations read the same invitation before any of them writes, as concurrent
 * requests to a database may: every write after the first then meets a changed count.
 */
function memoryStore(invitation: Invitation, together: number) {
  let stored = invitation;
  const created: ContactPrincipal[] = [];
  let conflicts = 0;
  let waiting: (() => void)[] = [];
  let reads = 0;
  const store: InvitationStore = {
    async findByCodeHash(codeHash) {
      const seen = stored;
      reads++;
      if (reads <= together) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === together) {
            for (const release of waiting) release();
            waiting = [];
          }
        });
      }
      await tick();
      return seen.codeHash === codeHash ? seen : undefined;
    },
    async commitRegistration(registration: InvitationRegistration) {
      await tick();
      if (stored.redemptions !== registration.expectedRedemptions) {
        conflicts++;
        return false;
      }
      stored = registration.invitation;
      created.push(registration.contact);
      return true;
    },
  };
  return { store, created, stored: () => stored, conflicts: () => conflicts };
}

async function setup(maxRedemptions: number, together = 1) {
  const environment = fakeEnvironment();
  const policy = administrationPolicy;
  const issuer = abilityFor(policy, contacts.rep);
  const { invitation, code } = await inviteNewcomers(issuer, environment, { type: 'group', maxRedemptions });
  const memory = memoryStore(invitation, together);
  const register = (email: string, contactId: string, attempt = code) =>
    registerWithStore(environment, memory.store, {
      policy,
      code: attempt,
      email,
      contactId,
      visitor: { kind: 'anonymous' },
      issuerOf: () => issuer,
    });
  return { ...memory, register, code };
}

describe('registerWithStore', () => {
  it('two concurrent registrations for the last place: one contact is created, the other is refused as exhausted', async () => {
    const { register, created, stored, conflicts } = await setup(1, 2);
    const results = await Promise.allSettled([
      register('nina@example.com', 'nina'),
      register('omar@example.com', 'omar'),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'invitation_exhausted' });
    expect(created).toHaveLength(1);
    expect(stored()).toMatchObject({ redemptions: 1 });
    expect(conflicts()).toBe(1);
  });

  it('concurrent registrations with room for all of them all land, each counted once', async () => {
    const { register, created, stored, conflicts } = await setup(5, 5);
    const people = ['ana', 'ben', 'cai', 'dee', 'eli'];
    await Promise.all(people.map((name) => register(`${name}@example.com`, name)));
    expect(created.map((contact) => contact.id).sort()).toEqual(people);
    expect(stored()).toMatchObject({ redemptions: 5 });
    expect([...(stored().redeemedEmails ?? [])].sort()).toEqual(people.map((name) => `${name}@example.com`));
    expect(conflicts()).toBeGreaterThan(0);
    await expect(register('fay@example.com', 'fay')).rejects.toMatchObject({ code: 'invitation_exhausted' });
  });

  it('the same person twice at once, with two spellings of the address: one registration', async () => {
    const { register, created } = await setup(3, 2);
    const results = await Promise.allSettled([
      register('nina@example.com', 'nina-1'),
      register(' NINA@example.com', 'nina-2'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(created).toHaveLength(1);
  });

  it('a wrong code finds nothing; a store that always conflicts ends in InvitationBusyError, having created nobody', async () => {
    const { register, store, created } = await setup(3);
    await expect(register('nina@example.com', 'nina', 'wrong-code')).rejects.toMatchObject({
      code: 'invitation_code_mismatch',
    });
    store.commitRegistration = async () => false;
    await expect(register('nina@example.com', 'nina')).rejects.toBeInstanceOf(InvitationBusyError);
    expect(created).toHaveLength(0);
  });
});
