import type { PolicyInput } from '../../src/index.js';
import {
  createPolicyStore,
  type PolicyStore,
  type PolicyStoreEvent,
  type PolicyStoreOptions,
} from '../../src/store/index.js';
import { customerPortalInput, order, people } from '../fixtures/customer-portal.js';
import { freshPglite } from '../fixtures/pglite.js';

/** The seed sample every store reviews changes on: the Customer portal's people and orders. */
export const seedReview = {
  principals: people,
  records: { 'SO-1': order('janes'), 'SO-2': order('sams'), 'SO-3': order('mays') },
  actions: ['read', 'create'],
} as const;

/** The Customer portal with the Company orders permission switched off: representatives lose X's orders. */
export const narrowed: PolicyInput = {
  ...customerPortalInput,
  tablePermissions: customerPortalInput.tablePermissions.map((permission) =>
    permission.name === 'Company orders' ? { ...permission, active: false } : permission,
  ),
};

/** The Customer portal where authorized users also read their company's orders: Jane gains Sam's order. */
export const widened: PolicyInput = {
  ...customerPortalInput,
  tablePermissions: customerPortalInput.tablePermissions.map((permission) =>
    permission.name === 'Company orders'
      ? { ...permission, webRoles: ['Customer representative', 'Authorized user'] }
      : permission,
  ),
};

export const first = {
  author: 'ops@example.com',
  comment: 'The Customer portal as launched',
  baseVersion: null,
  allowWiden: true,
  reason: 'the first version',
} as const;

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
