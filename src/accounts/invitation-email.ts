import type { Issue, JsonPath } from '../base/errors.js';

/** The longest address accepted once normalized: the 254 characters of RFC 5321's path limit. */
export const EMAIL_MAX_LENGTH = 254;

// Longer input is refused before any work on it, so a megabyte of text costs one length check.
const EMAIL_INPUT_MAX_LENGTH = 320;
const LOCAL_PART_MAX_LENGTH = 64;

// ASCII only (RFC 5322 dot-atom local part, LDH domain labels of at most 63 characters, a dot in the domain).
// A letter from another script that looks like a Latin one is refused, never taken for another person.
const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The form in which an invitation compares and stores an email address: surrounding spaces removed and letters
 * in lower case, so one person is one address however they type it; `undefined` for anything that is not an
 * ASCII address within RFC 5321's limits (an internationalized domain is accepted in its `xn--` form).
 *
 * @example
 * emailKey('  Nina@Example.COM ') // 'nina@example.com'
 * emailKey('nіna@example.com')    // undefined: the "і" is Cyrillic
 */
export function emailKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > EMAIL_INPUT_MAX_LENGTH) return undefined;
  const key = value.trim().toLowerCase();
  if (key.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(key)) return undefined;
  return key.indexOf('@') > LOCAL_PART_MAX_LENGTH ? undefined : key;
}

/** The issue for an address `emailKey` refuses, at `path`. */
export function emailIssue(value: unknown, path: JsonPath): Issue {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(typeof value);
  return {
    code: 'invalid_email',
    path,
    message: `${shown} is not an email address an invitation accepts; use at most ${EMAIL_MAX_LENGTH} ASCII characters such as name@example.com (an internationalized domain in its xn-- form)`,
  };
}
