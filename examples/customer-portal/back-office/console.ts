import type { PortalAbility } from 'portal-permissions';
import {
  administrationBy,
  administrativeTarget,
  isLifecycleRefusal,
  type LicenceState,
  type LifecycleEnvironment,
  MAX_NON_INTERACTIVE_USERS,
  seatShortfall,
  seatsInUse,
  systemEnvironment,
} from 'portal-permissions/accounts';
import { auditedActions } from '../admin/audit.js';
import { InvalidRequestError } from '../admin/errors.js';
import type { Database, Queryable } from '../db/database.js';
import { type AccessMode, type InternalUser, loadUser, loadUsers, saveUser } from './users.js';

/** The user does not exist or the actor may not manage them: both answer 404. */
export class UserNotFoundError extends Error {
  override readonly name = 'UserNotFoundError';
  readonly code = 'not_found';
  constructor(readonly targetId: string) {
    super(`no internal user "${targetId}" that you may manage`);
  }
}

/** The actor holds no administrative role over internal users: the back office's user pages are not for them. */
export class NotAUserAdministratorError extends Error {
  override readonly name = 'NotAUserAdministratorError';
  readonly code = 'not_an_administrator';
  constructor() {
    super('you hold no administrative role over internal users; ask a user administrator');
  }
}

/** The refusals the back office answers with 403, 400 or 404 (and audits); anything else stays a 500. */
export function isBackOfficeRefusal(error: unknown): boolean {
  return (
    isLifecycleRefusal(error) ||
    error instanceof UserNotFoundError ||
    error instanceof NotAUserAdministratorError ||
    error instanceof InvalidRequestError
  );
}

/** The operations that make a user visible on the users page: any of them over that user. */
const OPERATIONS = [
  'updateUser',
  'assignRole',
  'assignLicense',
  'removeLicense',
  'resetPassword',
  'blockSignIn',
] as const;

// A fixed key for the advisory lock every access-mode change takes: the limit is a property of all users
// together, so two changes of different users must still run one after the other.
const ACCESS_MODE_LOCK = 7_000_007;

/** The seat pool as the users page shows it. */
export interface SeatPool {
  readonly seats: number;
  readonly inUse: number;
  /** Seats missing to license every unlicensed user on the page. */
  readonly shortfall: number;
}

/**
 * The back office's user administration for one signed-in internal user. Every action is one database
 * transaction; the library decides (`administrationBy`) and builds the audit events,
 * written in the same transaction. A refusal rolls everything back and then writes its own audit event.
 */
export function userConsole(
  db: Database,
  ability: PortalAbility,
  environment: LifecycleEnvironment = systemEnvironment,
) {
  const administration = administrationBy(ability, environment);
  const { principal, policy } = ability;
  const actorId = principal.kind === 'anonymous' ? undefined : principal.id;
  const mayManage = (user: InternalUser) =>
    OPERATIONS.some((operation) => ability.can(operation, administrativeTarget(policy, user)));

  const perform = auditedActions(db, actorId, isBackOfficeRefusal);

  async function visibleUser(tx: Queryable, id: string): Promise<InternalUser> {
    const user = await loadUser(tx, id, true);
    if (!user || !mayManage(user)) throw new UserNotFoundError(id);
    return user;
  }

  async function licenceState(tx: Queryable, lock: boolean): Promise<LicenceState<InternalUser>> {
    const { rows } = await tx.query(
      `SELECT seats FROM licence_pool WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
    );
    // No pool row means no seats bought: nothing to hand out (fail closed).
    return { seats: Number(rows[0]?.seats ?? 0), users: await loadUsers(tx), invitations: [] };
  }

  return {
    /** True when the actor holds some administrative power over internal users. */
    isAdministrator: () => OPERATIONS.some((operation) => ability.can(operation, 'user')),

    /** The users the actor may manage, by name. */
    users: async (): Promise<InternalUser[]> => (await loadUsers(db)).filter(mayManage),

    /** One user the actor may manage, or `UserNotFoundError`. */
    user: async (id: string): Promise<InternalUser> => visibleUser(db, id),

    /** The seats bought, in use, and missing to license every unlicensed user the actor manages. */
    seatPool: async (): Promise<SeatPool> => {
      const state = await licenceState(db, false);
      const instant = environment.now();
      const now = typeof instant === 'number' ? instant : instant.getTime();
      const unlicensed = state.users.filter((user) => !user.licensed && mayManage(user)).length;
      return {
        seats: state.seats,
        inUse: seatsInUse(state, now),
        shortfall: seatShortfall(state, now, unlicensed),
      };
    },

    /** How many users take one of the non-interactive places, and the limit. */
    nonInteractive: async () => {
      const users = await loadUsers(db);
      const used = users.filter(
        (user) => user.accessMode === 'non-interactive' && user.userType !== 'application',
      );
      return { used: used.length, limit: MAX_NON_INTERACTIVE_USERS };
    },

    assignRole: (id: string, role: string) =>
      perform('securityRole.assigned', id, async (tx) => {
        const { user, event } = administration.assignSecurityRole(await visibleUser(tx, id), role);
        await saveUser(tx, user);
        return { result: user, events: [event] };
      }),

    removeRole: (id: string, role: string) =>
      perform('securityRole.removed', id, async (tx) => {
        const { user, event } = administration.removeSecurityRole(await visibleUser(tx, id), role);
        await saveUser(tx, user);
        return { result: user, events: [event] };
      }),

    assignLicence: (id: string) =>
      perform('licence.assigned', id, async (tx) => {
        await visibleUser(tx, id);
        // The pool row is locked first: concurrent assignments of the last seat queue here.
        const state = await licenceState(tx, true);
        const { users, event } = administration.assignLicences(state, [id]);
        const user = users.find((candidate) => candidate.id === id)!;
        await saveUser(tx, user);
        return { result: user, events: [event] };
      }),

    removeLicence: (id: string) =>
      perform('licence.removed', id, async (tx) => {
        await visibleUser(tx, id);
        const state = await licenceState(tx, true);
        const { users, event } = administration.removeLicences(state, [id]);
        const user = users.find((candidate) => candidate.id === id)!;
        await saveUser(tx, user);
        return { result: user, events: [event] };
      }),

    setAccessMode: (id: string, accessMode: AccessMode) =>
      perform('user.accessModeChanged', id, async (tx) => {
        // Taken before reading anyone: every change counts the users after the previous one committed.
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCESS_MODE_LOCK]);
        await visibleUser(tx, id);
        const { users, event } = administration.changeAccessMode(await loadUsers(tx), id, accessMode);
        const user = users.find((candidate) => candidate.id === id)!;
        await saveUser(tx, user);
        return { result: user, events: [event] };
      }),
  };
}

/** One back-office console. */
export type UserConsole = ReturnType<typeof userConsole>;
