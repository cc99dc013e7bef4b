import { type PortalAbility, type Principal, subject } from 'portal-permissions';
import { z } from 'zod';
import type { Database } from './db/database.js';
import { idSchema } from './edge.js';
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

/** The outcome of placing an order. */
export type PlaceOrderResult =
  | { readonly ok: true; readonly id: string }
  | ({ readonly ok: false } & PlaceOrderFailure);

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
 * each line, `append` on each line and `appendTo` on the order. Nothing is written unless every check passes.
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
  if (!ability.can('create', subject('salesorder', { ...order }))) {
    return forbidden(
      'create',
      'salesorder',
      `you may not place orders for customer account ${customerAccount} in ${company}`,
    );
  }
  const lines = input.lines.map((line, index) => ({ id: `${id}-${index + 1}`, salesOrderId: id, ...line }));
  for (const line of lines) {
    const record = subject('salesorderline', { ...line, salesorder: { ...order } });
    if (!ability.can('create', record) || !ability.can('append', record)) {
      return forbidden('create', 'salesorderline', `you may not add lines to order ${id}`);
    }
  }
  if (!ability.can('appendTo', subject('salesorder', { ...order }))) {
    return forbidden('appendTo', 'salesorder', `you may not attach lines to order ${id}`);
  }

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

  // One statement, so the order and its lines are written together or not at all.
  await db.query(
    `WITH new_order AS (
       INSERT INTO sales_order (id, customer_account, company, ordered_by, status)
       VALUES ($1, $2, $3, $4, $5) RETURNING id)
     INSERT INTO sales_order_line (id, sales_order_id, item, quantity)
     SELECT new_order.id || '-' || line.n, new_order.id, line.item, line.quantity
     FROM new_order, unnest($6::text[], $7::int[]) WITH ORDINALITY AS line (item, quantity, n)`,
    [
      id,
      customerAccount,
      company,
      principal.id,
      order.status,
      lines.map((line) => line.item),
      lines.map((line) => line.quantity),
    ],
  );
  return { ok: true, id };
}

function forbidden(action: string, table: string, message: string): PlaceOrderResult {
  return { ok: false, kind: 'forbidden', action, table, message };
}
