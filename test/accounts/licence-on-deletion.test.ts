import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  assignLicences,
  deleteAccount,
  LicencePoolExhaustedError,
  OperationNotAllowedError,
  removeLicences,
  restoreAccount,
  seatsInUse,
} from '../../src/accounts/index.js';
import { abilityFor, definePolicy } from '../../src/index.js';
import { administrationInput, administrator } from '../fixtures/administration.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

// Seed 002: "when you delete a user from your subscription, the licence assigned to them becomes available
// to another user". Restoring the user then takes a seat again, when one is free.
function setup() {
  const environment = fakeEnvironment();
  const person = (id: string, licensed: boolean) => ({
    kind: 'user' as const,
    id,
    businessUnitId: 'east',
    securityRoles: [] as string[],
    accessMode: 'read-write' as const,
    enabled: true,
    licensed,
    userType: 'person' as const,
  });
  const { account: deleted, deletion } = deleteAccount(environment, person('eve', true));
  return { environment, person, deleted, deletion, now: environment.now() as number };
}

describe('deleting a licensed user frees its seat at once', () => {
  it('a deleted user holds no seat, so another user can take it before the purge', () => {
    const { environment, person, deleted, now } = setup();
    const state = { seats: 1, users: [deleted, person('ed', false)], invitations: [] };
    expect(seatsInUse(state, now)).toBe(0);
    expect(assignLicences(environment, state, ['ed']).users[1]).toMatchObject({ licensed: true });
  });

  it('restoring takes a seat again, and is refused with the missing count when none is free', () => {
    const { environment, person, deleted, deletion } = setup();
    const full = { seats: 1, users: [deleted, person('ed', true)], invitations: [] };
    let refusal: unknown;
    try {
      restoreAccount(environment, deleted, deletion, 'admin', full);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(LicencePoolExhaustedError);
    expect((refusal as Error).message).toMatchInlineSnapshot(
      `"restoring "eve" takes back its licence seat: the licence pool of 1 seat is 1 seat short; buy 1 more or free seats, or remove its licence (removeLicences) and restore it unlicensed"`,
    );
    const free = { ...full, seats: 2 };
    expect(restoreAccount(environment, deleted, deletion, 'admin', free).account).toMatchObject({
      state: 'active',
      licensed: true,
    });
  });

  it('a licensed user is not restored without the licence state (the seat must be counted)', () => {
    const { environment, deleted, deletion } = setup();
    expect(() => restoreAccount(environment, deleted, deletion)).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['licences'] }),
    );
  });

  it('an unlicensed user, or one whose licence was removed, is restored without a seat', () => {
    const { environment, deleted, deletion } = setup();
    const state = { seats: 0, users: [deleted], invitations: [] };
    const unlicensed = removeLicences(environment, state, ['eve']).users[0]!;
    expect(restoreAccount(environment, unlicensed, deletion).account).toMatchObject({ state: 'active' });
  });
});

describe('an administrator restoring a licensed user hands out a seat', () => {
  it('takes assignLicense as well as restore', () => {
    const policy = definePolicy({
      ...administrationInput,
      administrativeRoles: [
        ...administrationInput.administrativeRoles,
        { name: 'Recycler', operations: ['deleteAccount', 'restore'], targets: { kinds: ['user'] } },
      ],
    });
    const { deleted, deletion } = setup();
    const state = { seats: 5, users: [deleted], invitations: [] };
    const recycler = administrationBy(
      abilityFor(policy, administrator('rex', ['Recycler'])),
      fakeEnvironment(),
    );
    expect(() => recycler.restore(deleted, deletion, state)).toThrow(OperationNotAllowedError);
    const userAdmin = administrationBy(
      abilityFor(policy, administrator('ursula', ['User administrator'])),
      fakeEnvironment(),
    );
    expect(userAdmin.restore(deleted, deletion, state).account).toMatchObject({ state: 'active' });
  });
});
