import { PortalPermissionsError } from '../base/errors.js';
import { SESSIONS, type Session } from '../principal/user.js';

/** Facts about the request that are not part of the principal. */
export interface AbilityOptions {
  /** The request's channel; non-interactive users may act only in `api` sessions. Overrides the principal's. */
  readonly session?: Session;
}

// Shared by every call without a session: the checked options are never written to.
const NO_OPTIONS: AbilityOptions = Object.freeze({});

/**
 * The options as the compiler reads them: own properties only, checked (RELIABILITY 19). An inherited
 * `session: 'api'` must not let a non-interactive user act, nor hide from a cache key.
 */
export function abilityOptionsOf(options: unknown): AbilityOptions {
  if (options === undefined) return NO_OPTIONS;
  if (typeof options !== 'object' || options === null) {
    throw new PortalPermissionsError(
      'invalid_options',
      `the ability options must be an object such as { session: 'api' }, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const session = Object.hasOwn(options, 'session') ? (options as { session?: unknown }).session : undefined;
  if (session === undefined) return NO_OPTIONS;
  if (!(SESSIONS as readonly unknown[]).includes(session)) {
    throw new PortalPermissionsError(
      'invalid_options',
      `session must be one of ${SESSIONS.map((name) => `"${name}"`).join(', ')}, got ${typeof session === 'string' ? JSON.stringify(session) : typeof session}`,
      { path: ['session'] },
    );
  }
  return { session: session as Session };
}
