import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalPolicy } from '../../src/store/canonical-json.js';
import { customerPortalInput } from '../fixtures/customer-portal.js';

/** The same object with its keys, at every depth, in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reversed((value as Record<string, unknown>)[key])]),
  );
}

describe('canonical JSON of a policy document', () => {
  it('sorts the keys of every object, at every depth, and keeps the order of arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1},1]},"b":1}',
    );
    expect(canonicalJson(['b', 'a'])).toBe('["b","a"]');
    expect(canonicalJson('text')).toBe('"text"');
  });

  it('a key __proto__ stays an own key of the copy and never becomes its prototype', () => {
    const document = JSON.parse('{"z":1,"__proto__":{"polluted":true}}') as unknown;
    expect(canonicalJson(document)).toBe('{"__proto__":{"polluted":true},"z":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the same content in another key order gives the same policy version', () => {
    const one = canonicalPolicy(customerPortalInput);
    const other = canonicalPolicy(reversed(customerPortalInput));
    expect(other.json).toBe(one.json);
    expect(other.policy.version).toBe(one.policy.version);
    expect(JSON.parse(one.json)).toEqual(JSON.parse(JSON.stringify(customerPortalInput)));
  });
});
