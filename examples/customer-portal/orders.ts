import {
  accessibleWhere,
  type PortalAbility,
  type PortalRawRule,
  type Provenance,
  subject,
} from 'portal-permissions';
import type { Database, Row } from './db/database.js';
import type { PortalTable } from './policy.js';

/**
 * A sales order as the policy sees it: the policy's field names, string ids. (A type alias, not an
 * interface, so it is assignable to the `Record<string, unknown>` that `subject()` records are.)
 */
export type SalesOrder = {
  readonly id: string;
  readonly customerAccount: string | null;
  readonly company: string | null;
  readonly orderedBy: string | null;
  readonly status: string;
  /** The order total; column security hides it from Authorized users (representatives see it). */
  readonly total: string | null;
  readonly createdAt: string;
  /** Contacts following the order (`sales_order_follower`); an order without the list has no followers. */
  readonly followerIds?: readonly string[];
};

/** One line of a sales order. */
export type SalesOrderLine = {
  readonly id: string;
  readonly salesOrderId: string;
  readonly item: string;
  readonly quantity: number;
};

/** An order with the lines the viewer may read. */
export type SalesOrderWithLines = SalesOrder & { readonly lines: readonly SalesOrderLine[] };

/** The grant that lets the viewer read an order: which web role, through which table permission. */
export interface Grant {
  readonly webRoles: readonly string[];
  readonly tablePermission: string;
  readonly scope: string;
  readonly field?: string;
  /** The contact's own account (or legal entity) a bounded contact scope keeps its orders in. */
  readonly within?: string;
}

type Ability = PortalAbility<PortalTable>;

const ORDER_COLUMNS = `id, customer_account, company, ordered_by, status, total, created_at,
  ARRAY(SELECT f.contact_id FROM sales_order_follower f WHERE f.sales_order_id = sales_order.id
        ORDER BY f.contact_id) AS follower_ids`;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Maps a `sales_order` row to the record the policy checks (SQL column names → policy field names). */
export function orderFromRow(row: Row): SalesOrder {
  const createdAt = row.created_at;
  return {
    id: String(row.id),
    customerAccount: text(row.customer_account),
    company: text(row.company),
    orderedBy: text(row.ordered_by),
    status: String(row.status),
    total: text(row.total),
    createdAt: createdAt instanceof Date ? createdAt.toISOString() : String(createdAt),
    followerIds: Array.isArray(row.follower_ids) ? row.follower_ids.map(String) : [],
  };
}

function lineFromRow(row: Row): SalesOrderLine {
  return {
    id: String(row.id),
    salesOrderId: String(row.sales_order_id),
    item: String(row.item),
    quantity: Number(row.quantity),
  };
}

/**
 * The orders the viewer may list, newest first, filtered by the database: `accessibleWhere` turns the
 * ability into a parameterized predicate on `sales_order` (the policy maps the table and column names).
 */
export async function listReadableOrders(db: Database, ability: Ability): Promise<SalesOrder[]> {
  const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' });
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS} FROM sales_order WHERE ${sql} ORDER BY created_at DESC, id DESC`,
    params,
  );
  return rows.map(orderFromRow);
}

/** One order as stored, whoever asks: the caller checks it (`request.authorize`) before showing anything. */
export async function findOrder(db: Database, id: string): Promise<SalesOrder | undefined> {
  const { rows } = await db.query(`SELECT ${ORDER_COLUMNS} FROM sales_order WHERE id = $1`, [id]);
  const row = rows[0];
  return row ? orderFromRow(row) : undefined;
}

/** The lines of an order the viewer may read, filtered in SQL: their parent scope becomes an EXISTS. */
export async function readableLines(db: Database, ability: Ability, id: string): Promise<SalesOrderLine[]> {
  const filter = accessibleWhere(ability, 'read', 'salesorderline', {
    dialect: 'postgres',
    firstParameter: 2,
  });
  const lineRows = await db.query(
    `SELECT id, sales_order_id, item, quantity FROM sales_order_line
     WHERE sales_order_id = $1 AND (${filter.sql}) ORDER BY id`,
    [id, ...filter.params],
  );
  return lineRows.rows.map(lineFromRow);
}

/**
 * One order and its readable lines, or `undefined` when it does not exist **or** the viewer may not read
 * it: the caller answers 404 in both cases, so nobody learns which order numbers exist.
 */
export async function findReadableOrder(
  db: Database,
  ability: Ability,
  id: string,
): Promise<SalesOrderWithLines | undefined> {
  const order = await findOrder(db, id);
  if (!order || !ability.can('read', subject('salesorder', { ...order }))) return undefined;
  return { ...order, lines: await readableLines(db, ability, id) };
}

/** The table permission (and web roles) that let the viewer read `order`, for display. */
export function readGrantOf(ability: Ability, order: SalesOrder): Grant | undefined {
  const rule = ability.relevantRuleFor('read', subject('salesorder', { ...order }));
  const provenance = (rule?.origin as PortalRawRule | undefined)?.provenance as Provenance | undefined;
  if (provenance?.kind !== 'tablePermission') return undefined;
  return {
    webRoles: provenance.webRoles,
    tablePermission: provenance.tablePermission,
    scope: provenance.scope,
    ...(provenance.field === undefined ? {} : { field: provenance.field }),
    ...(provenance.within === undefined ? {} : { within: provenance.within }),
  };
}

/** Renders a grant as one line: `Authorized user → My orders (contact scope on orderedBy)`. */
export function describeGrant(grant: Grant | undefined): string {
  if (!grant) return 'no grant';
  const on = grant.field === undefined ? '' : ` on ${grant.field}`;
  const within = grant.within === undefined ? '' : ` within the ${grant.within}`;
  return `${grant.webRoles.join(', ')} → ${grant.tablePermission} (${grant.scope} scope${on}${within})`;
}
