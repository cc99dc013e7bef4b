import { ownValue } from '../base/own.js';
import { isWellFormedText } from '../base/well-formed.js';
import { PolicyStoreError } from './store-errors.js';

/** Who publishes, why, and from which version. */
export interface PublishOptions {
  /** Who makes the change (a user id or name); kept in the audit trail. */
  readonly author: string;
  /** What the change is for; kept in the audit trail. */
  readonly comment: string;
  /** The version the change was made from (`null` for the first publish): another publish since is a conflict. */
  readonly baseVersion: number | null;
  /** Publish even though the change widens access; requires `reason`. */
  readonly allowWiden?: boolean;
  /** Why access may widen; required with `allowWiden`, kept in the audit trail. */
  readonly reason?: string;
}

const KEYS = new Set(['author', 'comment', 'baseVersion', 'allowWiden', 'reason']);
const MAX_AUTHOR = 256;
const MAX_TEXT = 4_096;

const fail = (key: string, message: string): never => {
  throw new PolicyStoreError('invalid_publish_options', message, { path: [key] });
};

function text(options: object, key: string, max: number, required: boolean): string | undefined {
  const value = ownValue(options, key);
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || !isWellFormedText(value)) {
    fail(key, `${key} must be a non-empty string of at most ${max} characters`);
  }
  // PostgreSQL text cannot hold U+0000: refused here, before anything is written.
  if ((value as string).includes('\u0000')) fail(key, `${key} must not contain U+0000`);
  return value as string;
}

/** Validates publish options from own properties: a typo such as `allowWidening` is refused, never ignored. */
export function publishOptionsOf(options: unknown): Required<Omit<PublishOptions, 'reason'>> & {
  readonly reason: string | null;
} {
  if (typeof options !== 'object' || options === null) {
    return fail(
      'options',
      'pass { author, comment, baseVersion } to say who publishes, why, and from which version',
    );
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) fail(key, `unknown option "${key}"; the options are ${[...KEYS].join(', ')}`);
  }
  const baseVersion = ownValue(options, 'baseVersion');
  if (
    baseVersion !== null &&
    (typeof baseVersion !== 'number' || !Number.isSafeInteger(baseVersion) || baseVersion < 1)
  ) {
    fail(
      'baseVersion',
      'baseVersion must be the version the change was made from (store.current().version), or null for the first publish',
    );
  }
  const allowWiden = ownValue(options, 'allowWiden') ?? false;
  if (typeof allowWiden !== 'boolean') fail('allowWiden', 'allowWiden must be true or false');
  const reason = text(options, 'reason', MAX_TEXT, allowWiden === true);
  return {
    author: text(options, 'author', MAX_AUTHOR, true) as string,
    comment: text(options, 'comment', MAX_TEXT, true) as string,
    baseVersion: baseVersion as number | null,
    allowWiden: allowWiden as boolean,
    reason: reason ?? null,
  };
}
