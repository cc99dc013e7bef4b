import type { LifecycleEnvironment } from './environment.js';
import { InvitationCodeMismatchError } from './invitation-refusals.js';
import { LifecycleInputError } from './refusals.js';

/** Random bytes in an invitation code: 144 bits, above the 128-bit floor. */
export const CODE_BYTES = 18;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      text += BASE64URL[(buffer >> bits) & 63];
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? text + BASE64URL[(buffer << (6 - bits)) & 63] : text;
}

/** The longest code a redemption hashes: generated codes are 24 characters; anything longer matches nothing. */
export const MAX_CODE_LENGTH = 256;

/** True for a value that may be an invitation code: a non-empty string of at most `MAX_CODE_LENGTH` characters. */
export function isCodeShaped(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= MAX_CODE_LENGTH;
}

/** A fresh secret code from the environment's random source; refuses a source that returns too few bytes. */
export function generateCode(environment: LifecycleEnvironment): string {
  const bytes = environment.randomBytes(CODE_BYTES);
  if (!(bytes instanceof Uint8Array) || bytes.length < CODE_BYTES) {
    throw new LifecycleInputError([
      {
        code: 'invalid_random_source',
        path: ['environment', 'randomBytes'],
        message: `randomBytes(${CODE_BYTES}) returned fewer than ${CODE_BYTES} bytes; fix the environment`,
      },
    ]);
  }
  return base64url(bytes.subarray(0, CODE_BYTES));
}

/** A random identifier (hex) for records the transitions create. */
export function generateId(environment: LifecycleEnvironment, prefix: string): string {
  const bytes = environment.randomBytes(8);
  return `${prefix}_${Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The SHA-256 of a code as lowercase hex, computed with Web Crypto (Node 20 and browsers alike). */
export async function hashCode(code: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(code));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two strings without an early exit, so the time taken does not reveal how many leading characters
 * match. Lengths are public (both sides are fixed-length hashes here).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return difference === 0;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Refuses a code that does not match a stored hash: the hash must be a SHA-256 hex digest (else the invitation
 * is unusable), and a code that is not a non-empty string of at most `MAX_CODE_LENGTH` characters matches
 * nothing without being hashed; the comparison takes the same time whatever the code.
 */
export async function assertCodeMatches(storedHash: unknown, code: unknown): Promise<void> {
  if (typeof storedHash !== 'string' || !SHA256_HEX.test(storedHash)) {
    throw new LifecycleInputError([
      {
        code: 'invalid_code_hash',
        path: ['invitation', 'codeHash'],
        message:
          'the stored code hash is not a SHA-256 hex digest; store the codeHash the invitation was created with',
      },
    ]);
  }
  if (!isCodeShaped(code)) throw new InvitationCodeMismatchError();
  if (!constantTimeEqual(await hashCode(code), storedHash)) throw new InvitationCodeMismatchError();
}
