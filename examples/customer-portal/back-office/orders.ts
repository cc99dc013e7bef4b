import { explain, type PortalAbility, subject } from 'portal-permissions';
import type { Database } from '../db/database.js';
import { listReadableOrders, type SalesOrder } from '../orders.js';
import type { PortalTable } from '../policy.js';

/** An order an internal user reads, with its owner and the grant behind it. */
export type BackOfficeOrder = SalesOrder & {
  readonly ownerId: string | null;
  readonly owningBusinessUnit: string | null;
  /** Why the user may read it, in the library's words (e.g. security role "Sales manager" …). */
  readonly grantedBy: readonly { readonly label: string; readonly via?: string }[];
};

/**
 * The orders an internal user may read: the same `accessibleWhere` filter as the portal's, which for a user
 * compares the owner and the owning business unit with the levels of their security roles; each row carries
 * the grants `explain` names for it.
 */
export async function listBackOfficeOrders(
  db: Database,
  ability: PortalAbility<PortalTable>,
): Promise<BackOfficeOrder[]> {
  // The back office has no paging controls yet: the newest 500 orders the user may read.
  const { orders } = await listReadableOrders(db, ability, { limit: 500 });
  if (orders.length === 0) return [];
  const { rows } = await db.query(
    'SELECT id, owner_id, owning_business_unit FROM sales_order WHERE id = ANY($1)',
    [orders.map((order) => order.id)],
  );
  const owners = new Map(rows.map((row) => [String(row.id), row]));
  return orders.map((order) => {
    const row = owners.get(order.id);
    const record = {
      ...order,
      ownerId: typeof row?.owner_id === 'string' ? row.owner_id : null,
      owningBusinessUnit: typeof row?.owning_business_unit === 'string' ? row.owning_business_unit : null,
    };
    const explanation = explain(ability, 'read', subject('salesorder', { ...record }));
    const grantedBy = explanation.allowed
      ? explanation.grants.map((grant) => ({ label: grant.label, ...(grant.via ? { via: grant.via } : {}) }))
      : [];
    return { ...record, grantedBy };
  });
}
