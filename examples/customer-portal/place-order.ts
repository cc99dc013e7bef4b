import type { PortalAbility, Principal } from 'portal-permissions';
import { z } from 'zod';
import type { Database, Row } from './db/database.js';
import { idSchema } from './edge.js';
import { lineFromRow, orderFromRow, type SalesOrder, type SalesOrderLine } from './orders.js';
import type { PortalTable } from './policy.js';

/** What a client may send to place an order; the orderer is always the signed-in contact. */
export const newOrderSchema = z.strictObject({
  /** Defaults to the contact's own customer account. */
  customerAccount: z
    .string()
    .trim()
    .min(1, 'a customer account number cannot be empty')
    .pipe(idSchema)
    .optional(),
  /** Defaults to the contact's legal entity. */
  company: z.string().trim().min(1, 'a legal entity cannot be empty').pipe(idSchema).optional(),
  lines: z
    .array(
      z.strictObject({
        item: z.string().trim().min(1, 'name the item').max(200),
        quantity: z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000'),
      }),
    )
    .min(1, 'an order needs at least one line')
    .max(50, 'at most 50 lines'),
});

/** A valid order request. */
export type NewOrder = z.output<typeof newOrderSchema>;

/** Why an order was not placed; each maps to one HTTP status. */
export type PlaceOrderFailure =
  | { readonly kind: 'invalid'; readonly field: string; readonly message: string }
  | { readonly kind: 'signInRequired'; readonly message: string }
  | { readonly kind: 'forbidden'; readonly action: string; readonly table: string; readonly message: string };

/** An order as it was written: its row (database defaults included) and its lines, in line order. */
export interface PlacedOrder {
  readonly ok: true;
  readonly id: string;
  /** Not yet checked for reading: a create-only grant may place an order it cannot read. */
  readonly order: SalesOrder;
  readonly lines: readonly SalesOrderLine[];
}

/** The outcome of placing an order. */
export type PlaceOrderResult = PlacedOrder | ({ readonly ok: false } & PlaceOrderFailure);

/** Renders a zod path the way the API reports fields: `lines[0].quantity`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return (
    path
      .map((part, index) =>
        typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
      )
      .join('') || '(body)'
  );
}

/** Validates a request body; the first problem names its field. */
export function parseNewOrder(
  body: unknown,
): { ok: true; order: NewOrder } | ({ ok: false } & PlaceOrderFailure) {
  const parsed = newOrderSchema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, order: parsed.data };
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    // Name the offending key itself: `orderedBy`, not the object that holds it.
    const field = fieldOf([...issue.path, issue.keys[0]!]);
    return { ok: false, kind: 'invalid', field, message: 'this field is not accepted; remove it' };
  }
  return { ok: false, kind: 'invalid', field: fieldOf(issue.path), message: issue.message };
}

/**
 * Places an order after checking the new records themselves (decision D6/D7): `create` on the order and on
 * each line, `append` on each line and `appendTo` on the order, each question asked once, on untagged records
 * (`check`). Nothing is written unless every check passes; the written rows come back from the same statement.
 */
export async function placeOrder(
  db: Database,
  ability: PortalAbility<PortalTable>,
  principal: Principal,
  input: NewOrder,
): Promise<PlaceOrderResult> {
  if (principal.kind !== 'contact') {
    return { ok: false, kind: 'signInRequired', message: 'sign in to place an order' };
  }
  const customerAccount = input.customerAccount ?? principal.accountId ?? undefined;
  const company = input.company ?? principal.legalEntity ?? undefined;
  if (customerAccount === undefined) {
    return {
      ok: false,
      kind: 'invalid',
      field: 'customerAccount',
      message: 'you have no customer account; name one',
    };
  }
  if (company === undefined) {
    return { ok: false, kind: 'invalid', field: 'company', message: 'you have no legal entity; name one' };
  }

  // A cheap type-level check first, so a role without any create grant never allocates an order number.
  if (!ability.can('create', 'salesorder'))
    return forbidden('create', 'salesorder', 'your web roles cannot place orders');

  const { rows } = await db.query<{ id: string }>(`SELECT 'SO-' || nextval('sales_order_number') AS id`);
  const id = rows[0]!.id;
  const order = { id, customerAccount, company, orderedBy: principal.id, status: 'Confirmed' };
  const refused = refusal(ability, order, input.lines);
  if (refused !== undefined) return refused;

  const account = await db.query(
    'SELECT 1 FROM customer_account WHERE legal_entity = $1 AND account_number = $2',
    [company, customerAccount],
  );
  if (account.rows.length === 0) {
    return {
      ok: false,
      kind: 'invalid',
      field: 'customerAccount',
      message: `no customer account ${customerAccount} in ${company}`,
    };
  }
  return { ok: true, id, ...(await insertOrder(db, order, input.lines)) };
}

/** The order row `insertOrder` writes: the orderer is the signed-in contact, the status the server's. */
export type NewOrderRecord = {
  readonly id: string;
  readonly customerAccount: string;
  readonly company: string;
  readonly orderedBy: string;
  readonly status: string;
};

/** Why the new order may not be written, or `undefined` when every record passes its checks. */
function refusal(
  ability: PortalAbility<PortalTable>,
  order: NewOrderRecord,
  lines: NewOrder['lines'],
): PlaceOrderResult | undefined {
  if (!ability.check('create', 'salesorder', order)) {
    const { customerAccount, company } = order;
    const message = `you may not place orders for customer account ${customerAccount} in ${company}`;
    return forbidden('create', 'salesorder', message);
  }
  for (const [index, line] of lines.entries()) {
    // One record per line, its new parent embedded, for both of the line's questions.
    const record = { id: `${order.id}-${index + 1}`, salesOrderId: order.id, ...line, salesorder: order };
    if (
      !ability.check('create', 'salesorderline', record) ||
      !ability.check('append', 'salesorderline', record)
    ) {
      return forbidden('create', 'salesorderline', `you may not add lines to order ${order.id}`);
    }
  }
  if (!ability.check('appendTo', 'salesorder', order)) {
    return forbidden('appendTo', 'salesorder', `you may not attach lines to order ${order.id}`);
  }
  return undefined;
}

/**
 * Writes the order and its lines in one statement (together or not at all) and answers the rows written: the
 * database's defaults (the creation time) included, the lines in the order a read of them gives. A new order
 * has no followers yet. It decides nothing: callers check the records first.
 */
export async function insertOrder(
  db: Database,
  order: NewOrderRecord,
  lines: NewOrder['lines'],
): Promise<{ order: SalesOrder; lines: SalesOrderLine[] }> {
  const { rows } = await db.query(
    `WITH new_order AS (
       INSERT INTO sales_order (id, customer_account, company, ordered_by, status)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING id, customer_account, company, ordered_by, status, total, created_at),
     new_line AS (
       INSERT INTO sales_order_line (id, sales_order_id, item, quantity)
       SELECT new_order.id || '-' || line.n, new_order.id, line.item, line.quantity
       FROM new_order, unnest($6::text[], $7::int[]) WITH ORDINALITY AS line (item, quantity, n)
       RETURNING id, sales_order_id, item, quantity)
     SELECT new_order.*, '{}'::text[] AS follower_ids, new_line.id AS line_id, new_line.sales_order_id,
            new_line.item, new_line.quantity
     FROM new_order, new_line ORDER BY new_line.id`,
    [
      order.id,
      order.customerAccount,
      order.company,
      order.orderedBy,
      order.status,
      lines.map((line) => line.item),
      lines.map((line) => line.quantity),
    ],
  );
  const lineOf = (row: Row) => lineFromRow({ ...row, id: row.line_id });
  return { order: orderFromRow(rows[0]!), lines: rows.map(lineOf) };
}

function forbidden(action: string, table: string, message: string): PlaceOrderResult {
  return { ok: false, kind: 'forbidden', action, table, message };
}
