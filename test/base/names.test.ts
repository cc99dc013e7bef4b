import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importUsers } from '../../src/accounts/user-import.js';
import {
  didYouMean,
  isValidName,
  MAX_HINT_CANDIDATES,
  MAX_HINT_LENGTH,
  MAX_HINTS_PER_LIST,
  nameSchema,
} from '../../src/base/names.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

/** The textbook Levenshtein distance, written separately from the library's banded one. */
function reference(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = Math.min(
        table[i - 1]![j]! + 1,
        table[i]![j - 1]! + 1,
        table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return table[a.length]![b.length]!;
}

/** What the hint said before it was bounded: the closest name within the cut-off, first on ties. */
function referenceHint(value: string, names: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(value.length / 3));
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const score = reference(value.toLowerCase(), name.toLowerCase());
    if (score <= limit && (best === undefined || score < best.score)) best = { name, score };
  }
  return best && `did you mean "${best.name}"?`;
}

describe('didYouMean (bounded hints)', () => {
  it('suggests the same name as an unbounded Levenshtein search for short values', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A'), maxLength: 12 });
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 1, maxLength: 8 }), (value, names) => {
        const expected = referenceHint(value, names);
        const hint = didYouMean(value, [...names]);
        if (expected === undefined) expect(hint).toMatch(/^known: /);
        else expect(hint).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('does not search a value longer than the length cap, and lists the known names instead', () => {
    // One edit apart: a search would answer "did you mean", so the listing shows that none ran.
    const long = 'a'.repeat(100_000);
    expect(didYouMean(long, ['a'.repeat(99_999), 'b'])).toBe(`known: "${'a'.repeat(99_999)}", "b"`);
    expect(didYouMean('x'.repeat(MAX_HINT_LENGTH), ['x'.repeat(MAX_HINT_LENGTH - 1)])).toMatch(
      /did you mean/,
    );
  });

  it(`searches at most ${MAX_HINTS_PER_LIST} distinct values per list of names and compares at most ${MAX_HINT_CANDIDATES} names`, () => {
    // The names each call reads, counted by the list's own iterator: the work is bounded by count, not by clock.
    const names = Array.from({ length: 5_000 }, (_, i) => `security role number ${i}`);
    const reads: number[] = [];
    const values = Array.prototype[Symbol.iterator];
    Object.defineProperty(names, Symbol.iterator, {
      *value(this: string[]) {
        let read = 0;
        try {
          for (const name of values.call(this)) {
            read++;
            yield name;
          }
        } finally {
          reads.push(read);
        }
      },
    });
    for (let i = 0; i < 3 * MAX_HINTS_PER_LIST; i++) didYouMean(`unknown role ${i} of the import`, names);
    const searched = reads.slice(0, MAX_HINTS_PER_LIST);
    const listed = reads.slice(MAX_HINTS_PER_LIST);
    expect(reads).toHaveLength(3 * MAX_HINTS_PER_LIST);
    // Each search compares at most the candidate cap (reading one name more to know the list goes on), and
    // does compare that many: the bound is reached, not avoided.
    expect(Math.max(...searched)).toBe(MAX_HINT_CANDIDATES + 1);
    // Past the cap of values per list, a call only reads the names it lists (12, and one to know there are more).
    expect(Math.max(...listed)).toBe(13);
    // A value asked again is answered from memory, reading nothing.
    didYouMean('unknown role 0 of the import', names);
    expect(reads).toHaveLength(3 * MAX_HINTS_PER_LIST);
    expect(didYouMean('security role number 4999', names)).toMatch(/^known: /);
  });

  it(`a 100 KB CSV of misspelt security roles gets a search for its first ${MAX_HINTS_PER_LIST} distinct names only, then listings`, () => {
    // Every row's role is one edit from a defined one, so a search would always answer "did you mean": the
    // listings after the cap show that the import asks one list of names for every row, and its cost stays
    // bounded by the caps whatever the file's size.
    const roles = Array.from({ length: 2_000 }, (_, i) => ({ name: `Role ${i}`, privileges: {} }));
    const lines = Array.from({ length: 6_500 }, (_, i) => `u${i},A,Role ${i % 2_000}x`);
    const csv = ['id,businessUnitId,securityRoles', ...lines].join('\n');
    expect(csv.length).toBeGreaterThan(100_000);
    let refused: unknown;
    try {
      importUsers(fakeEnvironment(), { csv, roles, businessUnits: ['A'] });
    } catch (error) {
      refused = error;
    }
    const messages = ((refused as { issues?: { message: string }[] }).issues ?? []).map(
      ({ message }) => message,
    );
    expect(messages).toHaveLength(6_500);
    expect(messages[0]).toBe('security role "Role 0x" is unknown (did you mean "Role 0"?)');
    // A role asked again (the file repeats its 2,000 names) gets the hint it got the first time.
    const searched = messages.map((message, row) => [
      message.includes('did you mean'),
      row % 2_000 < MAX_HINTS_PER_LIST,
    ]);
    expect(searched.filter(([hint, early]) => hint !== early)).toEqual([]);
    expect(messages.at(-1)).toMatch(/^security role "Role 499x" is unknown \(known: "Role 0", "Role 1", /);
  }, 120_000);
});

describe('isValidName (the name check without zod)', () => {
  // Characters on the edges the schema draws: ASCII and Unicode white space, reserved keys, lone surrogates.
  const unit = fc.constantFrom(
    'a',
    'Z',
    '_',
    '~',
    '!',
    ' ',
    '\t',
    '\n',
    '\u00a0',
    '\u1680',
    '\u2000',
    '\u2028',
    '\u202f',
    '\u3000',
    '\ufeff',
    '\u0085',
    '\u200b',
    '\u007f',
    'é',
    '😀',
    '\uD800',
    '\uDC00',
  );
  const text = fc.oneof(
    fc.array(unit, { maxLength: 5 }).map((units) => units.join('')),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__ ', 'Constructor', 'prototypes'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );

  it('accepts exactly the names nameSchema accepts', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(text, fc.constantFrom(null, undefined, 0, ['a'], { a: 1 })), (value) => {
        const accepted = nameSchema.safeParse(value).success;
        expect(isValidName(value)).toBe(accepted);
        seen[accepted ? 'accepted' : 'refused']++;
      }),
      { numRuns: 3000 },
    );
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});
