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
});
