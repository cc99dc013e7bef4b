import {
  createPolicyStore,
  type PolicyStore,
  type PolicyStoreEvent,
  type PolicyStoreOptions,
} from '../../src/store/index.js';
import { freshPglite } from '../fixtures/pglite.js';
import { seedReview } from './store-samples.js';

export { first, narrowed, seedReview, widened } from './store-samples.js';

let tables = 0;

/** A fresh table and channel on a shared database, so the tests of one file do not see each other's versions. */
export function freshNames(): { table: string; channel: string } {
  tables += 1;
  return { table: `policy_versions_${tables}`, channel: `policy_${tables}` };
}

/** One PGlite database per file, with a store factory that uses fresh names unless told otherwise. */
export function storeDatabase() {
  const db = freshPglite();
  return {
    db,
    open: (options: PolicyStoreOptions = {}) =>
      createPolicyStore(db, { ...freshNames(), review: seedReview, ...options }),
  };
}

/** Resolves with the first event of `type` the store reports (the test's timeout bounds the wait). */
export function nextEvent<TType extends PolicyStoreEvent['type']>(store: PolicyStore, type: TType) {
  return new Promise<Extract<PolicyStoreEvent, { type: TType }>>((resolve) => {
    const stop = store.subscribe((event) => {
      if (event.type !== type) return;
      stop();
      resolve(event as Extract<PolicyStoreEvent, { type: TType }>);
    });
  });
}
