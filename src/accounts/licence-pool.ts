import type { Issue } from '../base/errors.js';
import type { AccountState } from '../principal/account-state.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { ownFields } from './own.js';
import { AccountTransitionError, LicencePoolExhaustedError, LifecycleInputError } from './refusals.js';

/** A user as the licence pool sees it. */
export interface LicenceHolder {
  readonly id: string;
  readonly licensed: boolean;
  readonly state?: AccountState | undefined;
}

/** An invitation as the licence pool sees it: while pending, one seat per remaining redemption. */
export interface SeatReservation {
  readonly status: 'active' | 'inactive';
  /** Epoch ms; `null` for an invitation that never expires (it holds its seats until deactivated). */
  readonly expiresAt: number | null;
  readonly redemptions: number;
  readonly maxRedemptions: number;
  readonly holdsSeat: boolean;
}

/** The seat count and everything that holds seats. */
export interface LicenceState<TUser extends LicenceHolder = LicenceHolder> {
  /** How many seats the host bought: a finite integer ≥ 0 (anything else is refused, never read as unlimited). */
  readonly seats: number;
  readonly users: readonly TUser[];
  readonly invitations: readonly SeatReservation[];
}

/** The users after a licence change and the audit event. */
export interface LicenceTransition<TUser extends LicenceHolder> {
  readonly users: readonly TUser[];
  readonly event: AuditEvent;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** True while a reservation still holds its seats: active and not yet expired (`null` never expires). */
function reserving(invitation: SeatReservation, now: number): boolean {
  return (
    invitation.holdsSeat &&
    invitation.status === 'active' &&
    (invitation.expiresAt === null || now < invitation.expiresAt)
  );
}

// Every comparison with NaN is false, so a NaN seat count or reservation would read as "room left": each
// number the pool arithmetic reads must be a finite count (RELIABILITY: fail closed on mistyped values).
function assertCountable(state: LicenceState): void {
  const issues: Issue[] = [];
  const { seats } = ownFields(state);
  if (!isCount(seats)) {
    issues.push({
      code: 'invalid_seats',
      path: ['seats'],
      message: `the seat count must be a whole number ≥ 0, not ${String(seats)}; pass the number of seats bought`,
    });
  }
  state.invitations.forEach((invitation, index) => {
    if (!invitation.holdsSeat) return;
    for (const field of ['maxRedemptions', 'redemptions'] as const) {
      if (!isCount(invitation[field])) {
        issues.push({
          code: 'invalid_seat_reservation',
          path: ['invitations', index, field],
          message: `a seat-holding invitation's ${field} must be a whole number ≥ 0; pass the stored invitation unchanged`,
        });
      }
    }
    const { expiresAt } = invitation;
    if (expiresAt !== null && !(typeof expiresAt === 'number' && Number.isFinite(expiresAt))) {
      issues.push({
        code: 'invalid_seat_reservation',
        path: ['invitations', index, 'expiresAt'],
        message: 'a seat-holding invitation expires at a finite epoch-ms instant, or never (null)',
      });
    }
    // Any status but "active" releases the seats, so a misspelt one ("Active") must not read as released.
    if (invitation.status !== 'active' && invitation.status !== 'inactive') {
      issues.push({
        code: 'invalid_seat_reservation',
        path: ['invitations', index, 'status'],
        message: `a seat-holding invitation is "active" or "inactive", not ${JSON.stringify(invitation.status)}; pass the stored invitation unchanged`,
      });
    }
  });
  if (issues.length > 0) throw new LifecycleInputError(issues);
}

/**
 * Seats held now: licensed users and pending seat-holding invitations. Deleting a user frees its seat at once
 * (seed 002: the licence becomes available to someone else), so deleted and purged users hold none.
 */
export function seatsInUse(state: LicenceState, now: number): number {
  assertCountable(state);
  // A NaN instant is before no expiry: every reserved seat would look released.
  if (!Number.isFinite(now)) {
    throw new LifecycleInputError([
      { code: 'invalid_instant', path: ['now'], message: 'now must be a finite epoch-ms instant' },
    ]);
  }
  const users = state.users.filter(
    (user) => user.licensed && user.state !== 'purged' && user.state !== 'deleted',
  ).length;
  const reserved = state.invitations.reduce(
    (sum, invitation) =>
      reserving(invitation, now)
        ? sum + Math.max(0, invitation.maxRedemptions - invitation.redemptions)
        : sum,
    0,
  );
  return users + reserved;
}

/** How many seats are missing to take `needed` more (0 when they fit). */
export function seatShortfall(state: LicenceState, now: number, needed: number): number {
  const { seats } = ownFields(state);
  if (!isCount(needed)) {
    throw new LifecycleInputError([
      { code: 'invalid_seats', path: ['needed'], message: 'the seats needed must be a whole number ≥ 0' },
    ]);
  }
  return Math.max(0, needed - Math.max(0, seats - seatsInUse(state, now)));
}

/** Throws `LicencePoolExhaustedError` (with the missing count) unless `needed` more seats fit. */
export function assertSeatsAvailable(
  state: LicenceState,
  now: number,
  needed: number,
  context?: ConstructorParameters<typeof LicencePoolExhaustedError>[2],
): void {
  const missing = seatShortfall(state, now, needed);
  if (missing > 0) throw new LicencePoolExhaustedError(missing, state.seats, context);
}

function usersNamed<TUser extends LicenceHolder>(
  state: LicenceState<TUser>,
  userIds: readonly string[],
): TUser[] {
  const byId = new Map(state.users.map((user) => [user.id, user]));
  const missing = userIds.flatMap((id, index) => (byId.has(id) ? [] : [index]));
  if (missing.length > 0) {
    throw new LifecycleInputError(
      missing.map((index) => ({
        code: 'unknown_user',
        path: ['userIds', index],
        message: `no user "${userIds[index]}" in the licence state`,
      })),
    );
  }
  return userIds.map((id) => byId.get(id)!);
}

/**
 * Gives licences to users, all or none: refused with how many seats are missing when the pool is too small,
 * and for deleted or purged users. Already licensed users take no new seat.
 */
export function assignLicences<TUser extends LicenceHolder>(
  environment: LifecycleEnvironment,
  state: LicenceState<TUser>,
  userIds: readonly string[],
  actorId?: string,
): LicenceTransition<TUser> {
  const now = instantOf(environment);
  const targets = usersNamed(state, [...new Set(userIds)]);
  for (const user of targets) {
    if (user.state === 'deleted' || user.state === 'purged') {
      throw new AccountTransitionError('license', user.state, 'restore the user first');
    }
  }
  const newcomers = new Set(targets.filter((user) => !user.licensed).map((user) => user.id));
  assertSeatsAvailable(state, now, newcomers.size);
  return {
    users: state.users.map((user) => (newcomers.has(user.id) ? { ...user, licensed: true } : user)),
    event: auditEvent('licence.assigned', now, targets.map((user) => user.id).join(','), actorId, {
      userIds: [...newcomers],
      seatsInUse: seatsInUse(state, now) + newcomers.size,
    }),
  };
}

/** Takes licences away; a read-write or read user without one loses all data access (D13). */
export function removeLicences<TUser extends LicenceHolder>(
  environment: LifecycleEnvironment,
  state: LicenceState<TUser>,
  userIds: readonly string[],
  actorId?: string,
): LicenceTransition<TUser> {
  const now = instantOf(environment);
  const targets = new Set(usersNamed(state, userIds).map((user) => user.id));
  return {
    users: state.users.map((user) => (targets.has(user.id) ? { ...user, licensed: false } : user)),
    event: auditEvent('licence.removed', now, [...targets].join(','), actorId, { userIds: [...targets] }),
  };
}
