import { describe, expect, it } from 'vitest';
import { isWellFormedText } from '../../src/base/well-formed.js';

describe('well-formed text (RELIABILITY 22)', () => {
  it('refuses a lone surrogate wherever it stands, high or low', () => {
    for (const text of ['\uD800', 'a\uD800', '\uDC00b', 'a\uDBFFb', 'ok\uDFFF', '\uDC00\uD800'])
      expect(isWellFormedText(text)).toBe(false);
  });

  it('accepts plain, accented and astral text, a surrogate pair included', () => {
    for (const text of ['', 'jane', 'Zoë', '販売注文', 'a😀b', '\uD83D\uDE00'])
      expect(isWellFormedText(text)).toBe(true);
  });
});
