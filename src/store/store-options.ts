import { AbilityCache } from '../ability/ability-cache.js';
import { IDENTIFIER_PATTERN } from '../base/names.js';
import { ownValue } from '../base/own.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from './document-size.js';
import type { NarrowingProof, PolicyReview } from './review-change.js';
import { PolicyStoreError } from './store-errors.js';

/** How a store is set up; every field is optional. */
export interface PolicyStoreOptions {
  /** The versions table, created on first use; `portal_policy_versions` by default. A plain identifier. */
  readonly table?: string;
  /** The NOTIFY channel every process of the site listens on; `portal_policy` by default. A plain identifier. */
  readonly channel?: string;
  /** The largest document accepted, in bytes of JSON; 1 MiB by default. */
  readonly maxDocumentBytes?: number;
  /**
   * How often the store asks the database for the newest version, in milliseconds (5,000 by default): it
   * notices a lost database, catches up on reconnect and on notifications a pooler dropped.
   */
  readonly pollIntervalMs?: number;
  /** The principals and records each change is reviewed on (see `PolicyReviewSample`). */
  readonly review?: PolicyReview;
  /** A check that throws when a change widens access, e.g. `onlyNarrows` of `portal-permissions/testing`. */
  readonly proveNarrows?: NarrowingProof;
  /** A cache the host builds abilities with: cleared whenever the store switches to a new version. */
  readonly abilityCache?: AbilityCache;
}

/** The options with defaults applied. */
export interface StoreSettings {
  readonly table: string;
  readonly channel: string;
  readonly maxDocumentBytes: number;
  readonly pollIntervalMs: number;
  readonly review: PolicyReview | undefined;
  readonly proveNarrows: NarrowingProof | undefined;
  readonly abilityCache: AbilityCache | undefined;
}

const KEYS = new Set([
  'table',
  'channel',
  'maxDocumentBytes',
  'pollIntervalMs',
  'review',
  'proveNarrows',
  'abilityCache',
]);

const fail = (key: string, message: string): never => {
  throw new PolicyStoreError('invalid_store_options', message, { path: [key] });
};

function identifier(options: object, key: string, fallback: string): string {
  const value = ownValue(options, key) ?? fallback;
  if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value)) {
    fail(key, `${key} must be a plain SQL identifier (letters, digits, _; at most 63), got ${String(value)}`);
  }
  return value as string;
}

function positiveInteger(options: object, key: string, fallback: number, minimum: number): number {
  const value = ownValue(options, key) ?? fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    fail(key, `${key} must be a whole number of at least ${minimum}, got ${String(value)}`);
  }
  return value as number;
}

/** Validates the store's options: unknown keys (a typo) and wrong types are refused at their path. */
export function storeSettingsOf(options: unknown): StoreSettings {
  if (options === undefined) return storeSettingsOf({});
  if (typeof options !== 'object' || options === null) {
    return fail('options', 'options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) fail(key, `unknown option "${key}"; the options are ${[...KEYS].join(', ')}`);
  }
  const review = ownValue(options, 'review');
  if (
    review !== undefined &&
    typeof review !== 'function' &&
    (typeof review !== 'object' || review === null)
  ) {
    fail('review', 'review must be { principals, records, actions? } or a function returning it');
  }
  const proveNarrows = ownValue(options, 'proveNarrows');
  if (proveNarrows !== undefined && typeof proveNarrows !== 'function') {
    fail('proveNarrows', 'proveNarrows must be a function (before, after) that throws when access widens');
  }
  const abilityCache = ownValue(options, 'abilityCache');
  if (abilityCache !== undefined && !(abilityCache instanceof AbilityCache)) {
    fail('abilityCache', 'abilityCache must be an AbilityCache of this package');
  }
  return {
    table: identifier(options, 'table', 'portal_policy_versions'),
    channel: identifier(options, 'channel', 'portal_policy'),
    maxDocumentBytes: positiveInteger(options, 'maxDocumentBytes', DEFAULT_MAX_DOCUMENT_BYTES, 2),
    pollIntervalMs: positiveInteger(options, 'pollIntervalMs', 5_000, 10),
    review: review as PolicyReview | undefined,
    proveNarrows: proveNarrows as NarrowingProof | undefined,
    abilityCache: abilityCache as AbilityCache | undefined,
  };
}
