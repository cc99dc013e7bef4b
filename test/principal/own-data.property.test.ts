import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalKey, fieldsKey } from '../../src/principal/own-data.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const FIELDS = ['a', 'b', 'c'];
// Texts built to collide if the key were written without lengths: separators, digits and brackets.
const text = fc.constantFrom('', '1', ':', 's1:x', 'a1[', ']', '0', 'n', 'x]', '[', 'o{}', 'A1', '1:A');
const value = fc.oneof(
  text,
  fc.constantFrom(null, undefined, true, false),
  fc.array(text, { maxLength: 3 }),
  fc.array(fc.record({ name: text, businessUnitId: text }), { maxLength: 2 }),
);
const record = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] });
// canonicalKey writes a symbol as "#symbol", which no text can be: it stands for an absent field.
const ABSENT = Symbol('absent');
const dataOf = (data: Record<string, unknown>) =>
  canonicalKey(FIELDS.map((field) => (data[field] === undefined ? ABSENT : data[field])));

describe('the key of a principal’s fields', () => {
  it('is equal for two principals exactly when their fields hold the same data', () => {
    fc.assert(
      fc.property(record, fc.option(record, { nil: undefined }), (left, maybeRight) => {
        // Half the pairs are copies with reordered keys, so equal keys are tested too.
        const right = maybeRight ?? Object.fromEntries(Object.entries(left).reverse());
        expect(fieldsKey(left, FIELDS) === fieldsKey(right, FIELDS)).toBe(dataOf(left) === dataOf(right));
      }),
      { numRuns: propertyRuns(3000) },
    );
  });
});
