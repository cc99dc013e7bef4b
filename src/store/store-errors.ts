import { type JsonPath, PortalPermissionsError } from '../base/errors.js';
import type { AccessDiff } from '../review/diff-access.js';

/** Every `code` a policy store error carries. */
export type PolicyStoreErrorCode =
  | 'invalid_store_options'
  | 'invalid_publish_options'
  | 'policy_document_too_large'
  | 'unstorable_policy_document'
  | 'policy_version_conflict'
  | 'unknown_policy_version'
  | 'policy_widens'
  | 'no_published_policy'
  | 'policy_store_closed';

/** Thrown by the policy store: a refused publish, a bad option, or a store with nothing to serve. */
export class PolicyStoreError extends PortalPermissionsError {
  override readonly name: string = 'PolicyStoreError';
  declare readonly code: PolicyStoreErrorCode;

  constructor(
    code: PolicyStoreErrorCode,
    message: string,
    options: { path?: JsonPath; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/**
 * Two publishes from one base version: the other one was written first. `currentVersion` is the version
 * now published; review the change against it and publish again with it as the base.
 */
export class PolicyVersionConflictError extends PolicyStoreError {
  override readonly name: string = 'PolicyVersionConflictError';
  readonly baseVersion: number | null;
  readonly currentVersion: number | null;

  constructor(baseVersion: number | null, currentVersion: number | null) {
    super(
      'policy_version_conflict',
      `the change was made from version ${baseVersion ?? 'none'} but version ${currentVersion ?? 'none'} is published now; review the change against version ${currentVersion ?? 'none'} and publish again with baseVersion: ${currentVersion ?? 'null'}`,
      { path: ['baseVersion'] },
    );
    this.baseVersion = baseVersion;
    this.currentVersion = currentVersion;
  }
}

/**
 * A publish that would grant access the published version does not (or that the store cannot show to
 * grant nothing new): refused unless the call says `allowWiden: true` with a `reason`. Nothing was written.
 */
export class PolicyWidensError extends PolicyStoreError {
  override readonly name: string = 'PolicyWidensError';
  /** Why the change counts as widening: who gains what, or why the store cannot tell. */
  readonly findings: readonly string[];
  /** The access change over the review sample, when the store has one. */
  readonly diff: AccessDiff | undefined;

  constructor(findings: readonly string[], diff: AccessDiff | undefined) {
    const listed = findings.slice(0, 5).map((finding) => `\n- ${finding}`);
    const more = findings.length > 5 ? `\n- … and ${findings.length - 5} more` : '';
    super(
      'policy_widens',
      `the change widens access; nothing was published. Narrow it, or publish with allowWiden: true and a reason that the audit trail keeps:${listed.join('')}${more}`,
      { path: ['allowWiden'] },
    );
    this.findings = findings;
    this.diff = diff;
  }
}

/** True when `value` is a `PolicyStoreError` (or one of its subclasses), across realms and bundled copies. */
export function isPolicyStoreError(value: unknown): value is PolicyStoreError {
  return (
    value instanceof PolicyStoreError ||
    (value instanceof Error &&
      ['PolicyStoreError', 'PolicyVersionConflictError', 'PolicyWidensError'].includes(value.name) &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
