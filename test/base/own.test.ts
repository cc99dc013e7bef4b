import { afterEach, describe, expect, it } from 'vitest';
import { isObject, ownValue } from '../../src/base/own.js';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).accountId;
});

describe('ownValue', () => {
  it("reads a holder's own property", () => {
    expect(ownValue({ accountId: 'X' }, 'accountId')).toBe('X');
  });

  it('never reads an inherited property, nor one polluted onto Object.prototype', () => {
    expect(ownValue(Object.create({ accountId: 'X' }), 'accountId')).toBeUndefined();
    (Object.prototype as Record<string, unknown>).accountId = 'X';
    expect(ownValue({}, 'accountId')).toBeUndefined();
    expect(ownValue({}, 'constructor')).toBeUndefined();
  });

  it('reads nothing from a value that is no object', () => {
    expect(ownValue(null, 'accountId')).toBeUndefined();
    expect(ownValue('X', 'length')).toBeUndefined();
    expect(ownValue(undefined, 'accountId')).toBeUndefined();
  });
});

describe('isObject', () => {
  it('holds for objects and arrays, never for null or primitives', () => {
    expect([{}, [], Object.create(null)].map(isObject)).toEqual([true, true, true]);
    expect([null, undefined, 'x', 42].map(isObject)).toEqual([false, false, false, false]);
  });
});
