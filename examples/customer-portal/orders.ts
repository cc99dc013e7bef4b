import { accessibleWhere, type PortalAbility, type PortalRawRule, type Provenance } from 'portal-permissions';
import type { Database, Row } from './db/database.js';
import { InvalidInputError, isPortalId } from './edge.js';
import type { PortalTable } from './policy.js';

/** How many orders one page of a list holds (`GET /api/orders`, `GET /orders`); `?after=` asks for the next. */
export const ORDER_PAGE_SIZE = 50;

/** One page of orders, newest first, and the cursor of the next page (`null` on the last). */
export interface OrderPage {
  readonly orders: readonly SalesOrder[];
  readonly nextCursor: string | null;
}

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

/** Maps a `sales_order_line` row to the record the policy checks. */
export function lineFromRow(row: Row): SalesOrderLine {
  return {
    id: String(row.id),
    salesOrderId: String(row.sales_order_id),
    item: String(row.item),
    quantity: Number(row.quantity),
  };
}

// A cursor is the last row's exact timestamp (as PostgreSQL prints it, microseconds kept) and id.
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The position a cursor names, or an `InvalidInputError` on `after`: a cursor is only what a page gave. */
function decodeCursor(cursor: string): readonly [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      if (typeof at === 'string' && CURSOR_TIME.test(at) && isPortalId(id)) return [at, id];
    }
  } catch {
    // Not base64url JSON: answered below like any other foreign cursor.
  }
  throw new InvalidInputError(
    'after',
    'not a cursor this portal gave; use the nextCursor of the previous page',
  );
}

/**
 * One page of the orders the viewer may list, newest first, filtered by the database: `accessibleWhere` turns
 * the ability into a parameterized predicate on `sales_order`. Pages are keyset-paginated on
 * (created_at, id), so an order placed meanwhile never shifts a page.
 */
export async function listReadableOrders(
  db: Database,
  ability: Ability,
  options: { readonly after?: string | undefined; readonly limit?: number } = {},
): Promise<OrderPage> {
  const limit = options.limit ?? ORDER_PAGE_SIZE;
  const after = options.after === undefined ? undefined : decodeCursor(options.after);
  const position = after ? 'AND (created_at, id) < ($1::timestamptz, $2)' : '';
  const { sql, params } = accessibleWhere(ability, 'read', 'salesorder', {
    dialect: 'postgres',
    firstParameter: after ? 3 : 1,
  });
  const { rows } = await db.query(
    `SELECT ${ORDER_COLUMNS}, created_at::text AS cursor_at FROM sales_order WHERE (${sql}) ${position}
     ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
    [...(after ?? []), ...params],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    orders: page.map(orderFromRow),
    nextCursor: rows.length > limit && last ? encodeCursor(String(last.cursor_at), String(last.id)) : null,
  };
}

/** The fields of an order as the API answers them: the candidates of column security. */
const ORDER_FIELDS = [
  'id',
  'customerAccount',
  'company',
  'orderedBy',
  'status',
  'total',
  'createdAt',
  'followerIds',
] as const;

// The answer for each ability, with the rules it was decided on: the AbilityCache hands one ability to every
// request of a principal, and an `update` of its rules gives a new rules array, so a stale answer is never read.
const columnsByAbility = new WeakMap<
  Ability,
  { readonly rules: unknown; readonly columns: ReadonlySet<string> }
>();

/**
 * The order columns the viewer may read, decided once per ability (and its rules). Column security is the
 * principal's: the library gives every read rule of a table the same columns (the column permissions of all
 * the principal's web roles, added up), so "some order" and "each order it may read" have one answer; rows
 * still pass the row check.
 */
export function readableOrderColumns(ability: Ability): ReadonlySet<string> {
  const decided = columnsByAbility.get(ability);
  if (decided !== undefined && decided.rules === ability.rules) return decided.columns;
  const columns = new Set(ORDER_FIELDS.filter((field) => ability.can('read', 'salesorder', field)));
  columnsByAbility.set(ability, { rules: ability.rules, columns });
  return columns;
}

/** A copy of `record` with only the own fields in `columns`: what a response may carry. */
export function pickColumns<TRecord extends object>(
  record: TRecord,
  columns: ReadonlySet<string>,
): Partial<TRecord> {
  const picked: Record<string, unknown> = {};
  // Own enumerable keys, as `Object.entries` lists them, and only the kept columns' values are read.
  for (const key of Object.keys(record))
    if (columns.has(key)) picked[key] = (record as Record<string, unknown>)[key];
  return picked as Partial<TRecord>;
}

/** One order as stored, whoever asks: the caller checks it (`request.authorize`) before showing anything. */
export async function findOrder(db: Database, id: string): Promise<SalesOrder | undefined> {
  const { rows } = await db.query(`SELECT ${ORDER_COLUMNS} FROM sales_order WHERE id = $1`, [id]);
  const row = rows[0];
  return row ? orderFromRow(row) : undefined;
}

/**
 * The lines of an order the viewer may read. The order was just authorized, so each line is checked in memory
 * with that very order embedded as its parent (D15): the same decision as the SQL filter's EXISTS on the
 * parent, without asking the database to re-check the order.
 */
export async function readableLines(
  db: Database,
  ability: Ability,
  order: SalesOrder,
): Promise<SalesOrderLine[]> {
  const lineRows = await db.query(
    'SELECT id, sales_order_id, item, quantity FROM sales_order_line WHERE sales_order_id = $1 ORDER BY id',
    [order.id],
  );
  return readableAmong(ability, order, lineRows.rows.map(lineFromRow));
}

/** The lines among `lines` of an authorized `order` the viewer may read, checked in memory under it (D15). */
function readableAmong(
  ability: Ability,
  order: SalesOrder,
  lines: readonly SalesOrderLine[],
): SalesOrderLine[] {
  return lines.filter((line) => ability.check('read', 'salesorderline', { ...line, salesorder: order }));
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
  if (!order || !ability.check('read', 'salesorder', order)) return undefined;
  return { ...order, lines: await readableLines(db, ability, order) };
}

/**
 * An order just written, as the viewer may read it, or `undefined` when they may not (a create-only grant):
 * reading is asked once of the order and once of each line, on the rows the write answered, with no query.
 */
export function readableWrittenOrder(
  ability: Ability,
  order: SalesOrder,
  lines: readonly SalesOrderLine[],
): SalesOrderWithLines | undefined {
  if (!ability.check('read', 'salesorder', order)) return undefined;
  return { ...order, lines: readableAmong(ability, order, lines) };
}

/**
 * Reads "visible because" for the rows of one request: the deciding rule is looked up per row, its grant
 * built once per distinct rule. `decidingRule` answers for the row as a `salesorder` without tagging it
 * (the rule `relevantRuleFor` gives the tagged row), so no copy of the row is made to carry a tag.
 */
export function grantReader(ability: Ability): (order: SalesOrder) => Grant | undefined {
  const grants = new Map<unknown, Grant | undefined>();
  return (order) => {
    const rule = ability.decidingRule('read', 'salesorder', order);
    if (!grants.has(rule)) grants.set(rule, grantOfRule(rule?.origin as PortalRawRule | undefined));
    return grants.get(rule);
  };
}

/** The table permission (and web roles) that let the viewer read `order`, for display. */
export function readGrantOf(ability: Ability, order: SalesOrder): Grant | undefined {
  return grantReader(ability)(order);
}

function grantOfRule(origin: PortalRawRule | undefined): Grant | undefined {
  const provenance = origin?.provenance as Provenance | undefined;
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
