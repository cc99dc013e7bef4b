import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, emailKey } from '../../src/accounts/index.js';

describe('emailKey', () => {
  it('reads one person however they type their address: case and surrounding spaces do not count', () => {
    for (const typed of [
      'nina@example.com',
      'Nina@Example.COM',
      '  nina@example.com ',
      '\tNINA@EXAMPLE.COM\n',
    ]) {
      expect(emailKey(typed)).toBe('nina@example.com');
    }
  });

  it('refuses a lookalike letter from another script instead of taking it for another person', () => {
    expect(emailKey('n\u0456na@example.com')).toBeUndefined(); // Cyrillic і
    expect(emailKey('nina@ex\u0430mple.com')).toBeUndefined(); // Cyrillic а in the domain
    expect(emailKey('\uff4eina@example.com')).toBeUndefined(); // fullwidth ｎ
    expect(emailKey('nina@xn--exmple-cua.com')).toBe('nina@xn--exmple-cua.com');
  });

  it('refuses what is not an address, and huge input at its length alone', () => {
    for (const value of [
      '',
      'nina',
      'nina@',
      '@example.com',
      'nina@example',
      'ni na@example.com',
      'nina@@example.com',
      'nina@example..com',
      '.nina@example.com',
      'nina@-example.com',
      'nina@example.com\u0000',
      42,
      null,
      undefined,
      { toString: () => 'nina@example.com' },
    ]) {
      expect(emailKey(value)).toBeUndefined();
    }
    expect(emailKey(`${'a'.repeat(1_000_000)}@example.com`)).toBeUndefined();
    expect(emailKey(`${'a'.repeat(65)}@example.com`)).toBeUndefined();
    expect(emailKey(`${'a'.repeat(64)}@example.com`)).toBe(`${'a'.repeat(64)}@example.com`);
    const longDomain = `${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.com`;
    expect(emailKey(`${'a'.repeat(EMAIL_MAX_LENGTH - longDomain.length - 1)}@${longDomain}`)).toBeDefined();
    expect(emailKey(`${'a'.repeat(EMAIL_MAX_LENGTH - longDomain.length)}@${longDomain}`)).toBeUndefined();
  });
});
