import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../load/seeded-random.js';

describe('the load driver’s seeded request mix', () => {
  it('replays the same sequence for the same seed', () => {
    const first = seededRandom(42);
    const again = seededRandom(42);
    const a = Array.from({ length: 50 }, first);
    expect(Array.from({ length: 50 }, again)).toEqual(a);
  });

  it('gives another sequence for another seed, each number in [0, 1)', () => {
    const a = Array.from({ length: 50 }, seededRandom(1));
    const b = Array.from({ length: 50 }, seededRandom(2));
    expect(a).not.toEqual(b);
    for (const value of [...a, ...b]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    // Spread over the interval, not stuck in one part of it.
    expect(Math.min(...a)).toBeLessThan(0.2);
    expect(Math.max(...a)).toBeGreaterThan(0.8);
  });
});
