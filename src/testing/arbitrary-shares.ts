import fc from 'fast-check';
import { SECURITY_ROLE_PRIVILEGES } from '../policy/security-role.js';
import { HOSTILE_VALUES } from './value-pools.js';

/** One share of a record: who it is shared with, for which privileges (SPEC 2.7). */
export interface Share {
  readonly principal: string;
  readonly privileges: readonly string[];
}

/** A record's shares: grantees from `grantees`, any privileges; sometimes none at all. */
export function arbitraryShares(grantees: readonly string[]): fc.Arbitrary<Share[]> {
  return fc.array(
    fc.record({
      principal: fc.constantFrom(...grantees),
      privileges: fc.subarray([...SECURITY_ROLE_PRIVILEGES], { minLength: 1 }),
    }),
    { maxLength: 3 },
  );
}

/** What the shares field of an in-memory record holds: shares, or a value that must never count as one. */
export function arbitrarySharesField(grantees: readonly string[]): fc.Arbitrary<unknown> {
  const malformed = fc.constantFrom<unknown>(
    ...HOSTILE_VALUES,
    [{ principal: grantees[0] }],
    [{ principal: grantees[0], privileges: 'read' }],
  );
  return fc.oneof({ arbitrary: arbitraryShares(grantees), weight: 6 }, { arbitrary: malformed, weight: 1 });
}
