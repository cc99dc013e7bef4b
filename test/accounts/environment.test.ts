import { describe, expect, it } from 'vitest';
import { instantOf } from '../../src/accounts/environment.js';
import { PortalPermissionsError } from '../../src/index.js';

describe('instantOf', () => {
  it('a clock that returns no valid instant is refused with a library error that says to fix now()', () => {
    for (const now of [Number.NaN, Number.POSITIVE_INFINITY, new Date('nope'), '2025-01-01', null]) {
      const environment = {
        now: () => now as number,
        randomBytes: (length: number) => new Uint8Array(length),
      };
      expect(() => instantOf(environment), String(now)).toThrow(PortalPermissionsError);
      expect(() => instantOf(environment)).toThrow(/now\(\)/);
    }
  });
});
