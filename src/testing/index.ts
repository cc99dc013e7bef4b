/**
 * `portal-permissions/testing`: property-test your own policy. fast-check arbitraries that fit a given
 * policy, the reference evaluator (the readable statement of the semantics), and one-line assertions:
 * `assertAgreesWithReference`, `neverCan`, `onlyWidens`, `onlyNarrows`. Needs `fast-check` installed.
 *
 * @packageDocumentation
 */
export { policyInputOf } from '../policy/policy-input.js';
export { type AgreementOptions, assertAgreesWithReference } from './agrees-with-reference.js';
export {
  GENERATED_COLUMNS,
  withArbitraryColumnPermissions,
  withArbitraryColumnSecurity,
} from './arbitrary-columns.js';
export {
  arbitraryDataset,
  type Dataset,
  type DatasetOptions,
  recordsOf,
} from './arbitrary-dataset.js';
export { arbitraryPageId, GENERATED_PAGE_COUNT, withArbitraryPages } from './arbitrary-pages.js';
export { arbitraryPortalPolicy, GENERATED_CHAIN_LENGTH } from './arbitrary-policy.js';
export {
  arbitraryContact,
  arbitraryPortalPrincipal,
  arbitraryPrincipal,
  arbitraryVisitor,
  type ContactArbitraryOptions,
} from './arbitrary-principal.js';
export { arbitraryRecord, GENERATED_RECORD_DEPTH } from './arbitrary-record.js';
export { arbitraryShares, type Share } from './arbitrary-shares.js';
export { arbitraryUser, type UserArbitraryOptions } from './arbitrary-user.js';
export { type NeverCanOptions, neverCan } from './never-can.js';
export { onlyNarrows, onlyWidens, type PolicyChangeOptions } from './policy-change.js';
export type { PolicyUnderTest } from './policy-under-test.js';
export {
  type CounterExample,
  PolicyPropertyError,
  type PropertyOptions,
  type Replay,
} from './property-failure.js';
export type { RecordsByTable, RecordUnderTest } from './records-by-table.js';
export { referenceFieldCan } from './reference-columns.js';
export { referenceCan } from './reference-evaluator.js';
export { referencePageCan } from './reference-pages.js';
export type {
  DatabaseHandle,
  PostgresHandle,
  SqliteHandle,
  SqliteStatement,
} from './scratch-database.js';
export { HOSTILE_STRINGS, HOSTILE_VALUES, RECORD_KEYS, VALUE_POOLS } from './value-pools.js';
