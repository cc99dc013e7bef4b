import { describe, expect, it } from 'vitest';
import { publishOptionsOf } from '../../src/store/publish-options.js';

const valid = { author: 'ops@example.com', comment: 'a change', baseVersion: 3 };

/** The code and path of the refusal, or 'accepted'. */
function outcome(options: unknown): unknown {
  try {
    publishOptionsOf(options);
    return 'accepted';
  } catch (error) {
    return { code: (error as { code: string }).code, path: (error as { path: unknown }).path };
  }
}

describe('publish options', () => {
  it('who, why and the base version are required', () => {
    expect(outcome(valid)).toBe('accepted');
    expect(outcome({ ...valid, author: ' ' })).toEqual({ code: 'invalid_publish_options', path: ['author'] });
    expect(outcome({ author: 'a', baseVersion: 1 })).toEqual({
      code: 'invalid_publish_options',
      path: ['comment'],
    });
    expect(outcome({ author: 'a', comment: 'c' })).toEqual({
      code: 'invalid_publish_options',
      path: ['baseVersion'],
    });
    expect(outcome(undefined)).toEqual({ code: 'invalid_publish_options', path: ['options'] });
  });

  it('a base version is a whole number from 1, or null for the first publish', () => {
    expect(outcome({ ...valid, baseVersion: null })).toBe('accepted');
    for (const baseVersion of [0, -1, 1.5, Number.NaN, '3', Number.POSITIVE_INFINITY]) {
      expect(outcome({ ...valid, baseVersion })).toEqual({
        code: 'invalid_publish_options',
        path: ['baseVersion'],
      });
    }
  });

  it('allowWiden needs a reason and must be a boolean', () => {
    expect(outcome({ ...valid, allowWiden: true })).toEqual({
      code: 'invalid_publish_options',
      path: ['reason'],
    });
    expect(outcome({ ...valid, allowWiden: 'yes', reason: 'r' })).toEqual({
      code: 'invalid_publish_options',
      path: ['allowWiden'],
    });
    expect(outcome({ ...valid, allowWiden: true, reason: 'launch' })).toBe('accepted');
  });

  it('an inherited allowWiden is not read: a polluted prototype cannot allow a widening', () => {
    const options = Object.assign(Object.create({ allowWiden: true, reason: 'inherited' }), valid);
    expect(publishOptionsOf(options)).toMatchObject({ allowWiden: false, reason: null });
  });

  it('text a database cannot store is refused before anything is written', () => {
    expect(outcome({ ...valid, comment: 'a\u0000b' })).toEqual({
      code: 'invalid_publish_options',
      path: ['comment'],
    });
    expect(outcome({ ...valid, author: '\uD800' })).toEqual({
      code: 'invalid_publish_options',
      path: ['author'],
    });
  });

  it('the options are returned as given, a missing reason as null', () => {
    expect(publishOptionsOf(valid)).toEqual({ ...valid, allowWiden: false, reason: null });
    expect(publishOptionsOf({ ...valid, allowWiden: true, reason: 'launch' })).toEqual({
      ...valid,
      allowWiden: true,
      reason: 'launch',
    });
    expect(publishOptionsOf({ ...valid, reason: 'noted' })).toMatchObject({
      allowWiden: false,
      reason: 'noted',
    });
  });

  it('an unknown option (a typo of allowWiden) is refused at its path and the message lists the options', () => {
    expect(outcome({ ...valid, allowWidening: true })).toEqual({
      code: 'invalid_publish_options',
      path: ['allowWidening'],
    });
    expect(() => publishOptionsOf({ ...valid, allowWidening: true })).toThrow(
      'unknown option "allowWidening"; the options are author, comment, baseVersion, allowWiden, reason',
    );
    expect(outcome('ops')).toEqual({ code: 'invalid_publish_options', path: ['options'] });
    expect(outcome(null)).toEqual({ code: 'invalid_publish_options', path: ['options'] });
  });

  it('an author is at most 256 characters and a comment or reason at most 4,096', () => {
    expect(outcome({ ...valid, author: 'a'.repeat(256) })).toBe('accepted');
    expect(outcome({ ...valid, author: 'a'.repeat(257) })).toEqual({
      code: 'invalid_publish_options',
      path: ['author'],
    });
    expect(outcome({ ...valid, comment: 'c'.repeat(4_096) })).toBe('accepted');
    expect(outcome({ ...valid, comment: 'c'.repeat(4_097) })).toEqual({
      code: 'invalid_publish_options',
      path: ['comment'],
    });
    expect(outcome({ ...valid, allowWiden: true, reason: 'r'.repeat(4_097) })).toEqual({
      code: 'invalid_publish_options',
      path: ['reason'],
    });
  });

  it('a reason given without allowWiden is still checked; texts must be strings', () => {
    expect(outcome({ ...valid, reason: ' ' })).toEqual({ code: 'invalid_publish_options', path: ['reason'] });
    expect(outcome({ ...valid, author: 42 })).toEqual({ code: 'invalid_publish_options', path: ['author'] });
    expect(outcome({ ...valid, allowWiden: false })).toBe('accepted');
  });
});
