import { describe, expect, it } from 'vitest';
import { documentJson, refuseOversizedInput } from '../../src/store/document-size.js';

const codeOf = (run: () => unknown): unknown => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('document size', () => {
  it('a document within the limit passes both checks', () => {
    const document = { tables: { order: {} }, webRoles: [{ name: 'Reader' }] };
    expect(codeOf(() => refuseOversizedInput(document, 1_000))).toBe('accepted');
    expect(documentJson(document, 1_000)).toBe(JSON.stringify(document));
  });

  it('an array claiming a billion items is refused without walking it', () => {
    const sparse: unknown[] = [];
    sparse.length = 1_000_000_000;
    expect(codeOf(() => refuseOversizedInput({ tables: sparse }, 1_048_576))).toBe(
      'policy_document_too_large',
    );
  });

  it('the exact size counts UTF-8 bytes, so multi-byte text cannot slip under the limit', () => {
    const document = { name: '\u00e9'.repeat(600) };
    expect(codeOf(() => refuseOversizedInput(document, 1_000))).toBe('accepted');
    expect(codeOf(() => documentJson(document, 1_000))).toBe('policy_document_too_large');
  });

  it('U+0000 in a key or a value is refused: PostgreSQL cannot store it', () => {
    expect(codeOf(() => documentJson({ 'a\u0000': 1 }, 1_000))).toBe('unstorable_policy_document');
    expect(codeOf(() => documentJson({ a: ['x\u0000'] }, 1_000))).toBe('unstorable_policy_document');
    expect(codeOf(() => documentJson({ a: '\\u0000 written out' }, 1_000))).toBe('accepted');
  });

  it('the count before validation is never below the JSON length of text, keys, null and false', () => {
    const documents = [
      { name: 'Reader', tables: { order: { key: 'id' } } },
      {
        webRoles: [
          { name: 'A', description: null },
          { name: 'B', active: false },
        ],
      },
      ['x', ['y', 'z'], {}],
      'plain',
    ];
    for (const document of documents) {
      const length = JSON.stringify(document).length;
      expect(
        codeOf(() => refuseOversizedInput(document, length - 1)),
        JSON.stringify(document),
      ).toBe('policy_document_too_large');
    }
  });

  it('the count before validation stays within one byte per object or array of the JSON length', () => {
    const document = { name: 'Reader', tables: { order: { key: 'id' } }, roles: ['a', 'b'] };
    const containers = 4;
    expect(codeOf(() => refuseOversizedInput(document, JSON.stringify(document).length + containers))).toBe(
      'accepted',
    );
  });

  it('the exact check accepts a document of exactly the limit and refuses one byte more, in UTF-8 bytes', () => {
    const document = { name: '\u00e9x' };
    const bytes = new TextEncoder().encode(JSON.stringify(document)).length;
    expect(documentJson(document, bytes)).toBe('{"name":"\u00e9x"}');
    expect(codeOf(() => documentJson(document, bytes - 1))).toBe('policy_document_too_large');
    expect(() => documentJson(document, bytes - 1)).toThrow(`(${bytes} bytes)`);
  });

  it('the refusals say what to do and point at the whole document', () => {
    let error: { message?: string; path?: unknown } = {};
    try {
      refuseOversizedInput({ name: 'x'.repeat(100) }, 50);
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.path).toEqual([]);
    expect(error.message).toMatch(
      /^the policy document is larger than 50 bytes of JSON \(counted before validation\); split it/,
    );
  });
});
