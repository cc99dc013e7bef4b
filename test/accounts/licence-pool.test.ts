import { describe, expect, it } from 'vitest';
import {
  assignLicences,
  LicencePoolExhaustedError,
  type LicenceState,
  removeLicences,
  seatShortfall,
  seatsInUse,
} from '../../src/accounts/index.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

function setup(seats = 3) {
  const environment = fakeEnvironment();
  const now = environment.now() as number;
  const state: LicenceState = {
    seats,
    users: [
      { id: 'a', licensed: true },
      { id: 'b', licensed: false },
      { id: 'c', licensed: false },
      { id: 'gone', licensed: true, state: 'purged' },
    ],
    invitations: [
      { status: 'active', expiresAt: now + 1000, redemptions: 0, maxRedemptions: 1, holdsSeat: true },
    ],
  };
  return { environment, now, state };
}

describe('the licence pool', () => {
  it('counts licensed users and pending seat-holding invitations, not purged users', () => {
    const { now, state } = setup();
    expect(seatsInUse(state, now)).toBe(2);
  });

  it('releases an invitation’s seat at exactly its expiry, not 1 ms before', () => {
    const { now, state } = setup();
    expect(seatsInUse(state, now + 999)).toBe(2);
    expect(seatsInUse(state, now + 1000)).toBe(1);
  });

  it('counts a group invitation’s remaining redemptions, and nothing for an inactive or used-up one', () => {
    const { now } = setup();
    const group = {
      status: 'active' as const,
      expiresAt: now + 1,
      redemptions: 1,
      maxRedemptions: 4,
      holdsSeat: true,
    };
    expect(seatsInUse({ seats: 9, users: [], invitations: [group] }, now)).toBe(3);
    expect(seatsInUse({ seats: 9, users: [], invitations: [{ ...group, status: 'inactive' }] }, now)).toBe(0);
    expect(seatsInUse({ seats: 9, users: [], invitations: [{ ...group, redemptions: 4 }] }, now)).toBe(0);
    expect(seatsInUse({ seats: 9, users: [], invitations: [{ ...group, holdsSeat: false }] }, now)).toBe(0);
  });

  it('assigns a licence while a seat is free', () => {
    const { environment, state } = setup();
    const result = assignLicences(environment, state, ['b'], 'admin');
    expect(result.users.find((user) => user.id === 'b')?.licensed).toBe(true);
    expect(result.event).toMatchObject({
      type: 'licence.assigned',
      actorId: 'admin',
      details: { userIds: ['b'], seatsInUse: 3 },
    });
    expect(state.users[1]?.licensed).toBe(false);
  });

  it('refuses assigning beyond the pool with how many seats are missing, and changes nothing', () => {
    const { environment, state } = setup(2);
    const error = (() => {
      try {
        assignLicences(environment, state, ['b', 'c']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LicencePoolExhaustedError);
    expect(error).toMatchObject({ code: 'licence_pool_exhausted', missing: 2 });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"the licence pool of 2 seats is 2 seats short; buy 2 more or free seats"`,
    );
    expect(seatShortfall(state, environment.now() as number, 2)).toBe(2);
  });

  it('takes no new seat for a user who is already licensed', () => {
    const { environment, state } = setup(2);
    expect(() => assignLicences(environment, state, ['a'])).not.toThrow();
  });

  it('refuses a licence for a deleted user and for an unknown user', () => {
    const { environment, state } = setup(9);
    const withDeleted = {
      ...state,
      users: [...state.users, { id: 'd', licensed: false, state: 'deleted' as const }],
    };
    expect(() => assignLicences(environment, withDeleted, ['d'])).toThrow(
      expect.objectContaining({ code: 'invalid_account_transition' }),
    );
    expect(() => assignLicences(environment, state, ['zed'])).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input' }),
    );
  });

  it('removing a licence frees its seat', () => {
    const { environment, now, state } = setup(2);
    const { users } = removeLicences(environment, state, ['a']);
    expect(seatsInUse({ ...state, users }, now)).toBe(1);
    expect(() => assignLicences(environment, { ...state, users }, ['b'])).not.toThrow();
  });
});

describe('a seat count is a whole number, never unlimited', () => {
  it('a seat count that is not a finite whole number ≥ 0 is refused, not read as unlimited licences', () => {
    for (const seats of [Number.NaN, undefined, Number.POSITIVE_INFINITY, -1, 1.5, '5']) {
      const { environment, state } = setup();
      const broken = { ...state, seats } as unknown as LicenceState;
      expect(() => assignLicences(environment, broken, ['b', 'c']), String(seats)).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['seats'] }),
      );
    }
  });

  it('a seat-holding invitation with counts that are not whole numbers is refused, not read as free seats', () => {
    const { environment, now, state } = setup(2);
    const reservation = state.invitations[0]!;
    for (const broken of [
      { ...reservation, maxRedemptions: Number.NaN },
      { ...reservation, redemptions: Number.NEGATIVE_INFINITY },
      { ...reservation, expiresAt: Number.NaN },
    ]) {
      const pool = { ...state, invitations: [broken] };
      expect(() => assignLicences(environment, pool, ['b'])).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
      expect(() => seatShortfall(pool, now, 1)).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
    }
  });

  it('a seat-holding invitation whose status is misspelt is refused, not read as having released its seats', () => {
    const { environment, now, state } = setup(2);
    const reservation = state.invitations[0]!;
    for (const status of ['Active', 'redeemed', undefined, 0]) {
      const pool = { ...state, invitations: [{ ...reservation, status: status as 'active' }] };
      expect(() => assignLicences(environment, pool, ['b'])).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
      expect(() => seatsInUse(pool, now)).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input' }),
      );
    }
    expect(seatsInUse({ ...state, invitations: [{ ...reservation, status: 'inactive' }] }, now)).toBe(1);
  });

  it('an invitation that never expires holds its seat until it is deactivated', () => {
    const { now, state } = setup();
    const never = { ...state.invitations[0]!, expiresAt: null };
    expect(seatsInUse({ ...state, invitations: [never] }, now + 10 ** 12)).toBe(2);
    expect(seatsInUse({ ...state, invitations: [{ ...never, status: 'inactive' }] }, now)).toBe(1);
  });
});

describe('the instant the pool is counted at', () => {
  it('an instant that is not a finite number is refused, not read as every reservation expired', () => {
    const { state } = setup(2);
    expect(() => seatShortfall(state, Number.NaN, 1)).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['now'] }),
    );
  });
});

describe('the licence state is read from its own fields only', () => {
  it('a seat count polluted onto Object.prototype does not stand in for a missing one', () => {
    const { environment, state } = setup();
    const { seats: _seats, ...withoutSeats } = state;
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.seats = 1_000_000;
    try {
      expect(() => assignLicences(environment, withoutSeats as LicenceState, ['b'])).toThrow(
        expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['seats'] }),
      );
    } finally {
      delete prototype.seats;
    }
  });
});
