import { LifecycleInputError } from './refusals.js';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * What a lifecycle transition may ask of the outside world: the time and randomness. Injected so that every
 * transition is deterministic under test; `systemEnvironment` is the real one.
 */
export interface LifecycleEnvironment {
  /** The current instant. */
  now(): Date | number;
  /** `length` cryptographically random bytes. */
  randomBytes(length: number): Uint8Array;
}

/** The current instant of an environment in epoch milliseconds; a non-finite clock is refused, not trusted. */
export function instantOf(environment: LifecycleEnvironment): number {
  const now: unknown = environment.now();
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new LifecycleInputError([
      {
        code: 'invalid_clock',
        path: ['environment', 'now'],
        message:
          'the lifecycle clock returned an invalid instant; make now() return a Date or finite epoch ms',
      },
    ]);
  }
  return ms;
}

/**
 * The one Web Crypto call the environment makes, typed as it is made: Node's generic signature would have the
 * compiler relate the argument to a union of every typed array.
 */
interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** The real clock and Web Crypto randomness (Node 20 and browsers). */
export const systemEnvironment: LifecycleEnvironment = {
  now: () => Date.now(),
  randomBytes: (length) => {
    const source: RandomSource = globalThis.crypto;
    return source.getRandomValues(new Uint8Array(length));
  },
};
