import { describe, expect, it } from 'vitest';
import { AbilityCache } from '../../src/ability/ability-cache.js';
import { storeSettingsOf } from '../../src/store/store-options.js';

function refusal(options: unknown): unknown {
  try {
    storeSettingsOf(options);
    return 'accepted';
  } catch (error) {
    return { code: (error as { code: string }).code, path: (error as { path: unknown }).path };
  }
}

describe('store options', () => {
  it('defaults name the table and channel and bound the document', () => {
    expect(storeSettingsOf(undefined)).toMatchObject({
      table: 'portal_policy_versions',
      channel: 'portal_policy',
      maxDocumentBytes: 1_048_576,
      pollIntervalMs: 5_000,
    });
  });

  it('a table or channel name that is not a plain identifier is refused, quotes included', () => {
    expect(refusal({ table: 'versions"; DROP TABLE x; --' })).toEqual({
      code: 'invalid_store_options',
      path: ['table'],
    });
    expect(refusal({ channel: 'a b' })).toEqual({ code: 'invalid_store_options', path: ['channel'] });
  });

  it('an unknown option (a typo) is refused at its path', () => {
    expect(refusal({ pollInterval: 100 })).toEqual({ code: 'invalid_store_options', path: ['pollInterval'] });
  });

  it('limits must be whole numbers', () => {
    expect(refusal({ maxDocumentBytes: Number.NaN })).toEqual({
      code: 'invalid_store_options',
      path: ['maxDocumentBytes'],
    });
    expect(refusal({ pollIntervalMs: 0 })).toEqual({
      code: 'invalid_store_options',
      path: ['pollIntervalMs'],
    });
  });

  it('inherited options are not read', () => {
    const options = Object.create({ table: 'x"y', review: 'not a sample' });
    expect(storeSettingsOf(options)).toMatchObject({ table: 'portal_policy_versions', review: undefined });
  });

  it('own identifiers, limits, review, proof and cache are returned as given', () => {
    const cache = new AbilityCache({ max: 10 });
    const proveNarrows = () => undefined;
    const review = () => ({ principals: {}, records: {} });
    expect(
      storeSettingsOf({
        table: 'versions_2',
        channel: 'policy_2',
        maxDocumentBytes: 2,
        pollIntervalMs: 10,
        review,
        proveNarrows,
        abilityCache: cache,
      }),
    ).toEqual({
      table: 'versions_2',
      channel: 'policy_2',
      maxDocumentBytes: 2,
      pollIntervalMs: 10,
      review,
      proveNarrows,
      abilityCache: cache,
    });
    expect(storeSettingsOf({ review: { principals: {}, records: {} } }).review).toEqual({
      principals: {},
      records: {},
    });
  });

  it('limits below their minimum, fractions and numbers as text are refused', () => {
    for (const [key, value] of [
      ['maxDocumentBytes', 1],
      ['maxDocumentBytes', 2.5],
      ['maxDocumentBytes', '1000'],
      ['pollIntervalMs', 9],
      ['pollIntervalMs', Number.POSITIVE_INFINITY],
    ] as const) {
      expect(refusal({ [key]: value }), `${key} ${String(value)}`).toEqual({
        code: 'invalid_store_options',
        path: [key],
      });
    }
    expect(() => storeSettingsOf({ pollIntervalMs: 9 })).toThrow(
      'pollIntervalMs must be a whole number of at least 10, got 9',
    );
  });

  it('a review that is neither a sample nor a function, a proof that is not a function, a foreign cache: refused', () => {
    for (const [key, value] of [
      ['review', 'sample'],
      ['review', null],
      ['proveNarrows', {}],
      ['abilityCache', new Map()],
      ['table', 42],
    ] as const) {
      expect(refusal({ [key]: value }), key).toEqual({ code: 'invalid_store_options', path: [key] });
    }
  });

  it('options that are not an object are refused at the path options; the message names every option', () => {
    expect(refusal('fast')).toEqual({ code: 'invalid_store_options', path: ['options'] });
    expect(refusal(null)).toEqual({ code: 'invalid_store_options', path: ['options'] });
    expect(() => storeSettingsOf({ tabel: 'x' })).toThrow(
      'unknown option "tabel"; the options are table, channel, maxDocumentBytes, pollIntervalMs, review, proveNarrows, abilityCache',
    );
  });
});
