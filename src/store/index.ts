// The `portal-permissions/store` entry: versioned policies in PostgreSQL (`pg` or PGlite, optional peers),
// reviewed before publishing and followed by every process. test/entry-points.test.ts pins this list.
export type { PolicyStoreDatabase, QueryResultOf } from './database.js';
export { DEFAULT_MAX_DOCUMENT_BYTES } from './document-size.js';
export {
  createPolicyStore,
  type PolicyStore,
  type PreviewResult,
  type PublishResult,
} from './policy-store.js';
export type { PublishOptions } from './publish-options.js';
export type { ChangeReview, NarrowingProof, PolicyReview, PolicyReviewSample } from './review-change.js';
export type { PolicySnapshot, PolicyStoreEvent, PolicyStoreStatus, PolicyVersionEntry } from './snapshot.js';
export {
  isPolicyStoreError,
  PolicyStoreError,
  type PolicyStoreErrorCode,
  PolicyVersionConflictError,
  PolicyWidensError,
} from './store-errors.js';
export type { PolicyStoreOptions } from './store-options.js';
