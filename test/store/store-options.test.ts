import { describe, expect, it } from 'vitest';
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
});
