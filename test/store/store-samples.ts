import type { PolicyInput } from '../../src/index.js';
import { customerPortalInput, order, people } from '../fixtures/customer-portal.js';

// The documents and review sample the store tests publish, apart from any database so that unit tests can
// import them without loading PGlite.

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
