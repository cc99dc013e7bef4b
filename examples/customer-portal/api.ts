import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { subject } from 'portal-permissions';
import { assertCanSignIn } from 'portal-permissions/accounts';
import type { Database } from './db/database.js';
import {
  findOrder,
  grantReader,
  listReadableOrders,
  pickColumns,
  readableLines,
  readableOrderColumns,
  readableWrittenOrder,
  readGrantOf,
} from './orders.js';
import { type PlaceOrderFailure, parseNewOrder, placeOrder } from './place-order.js';
import { listReadableTerms } from './terms.js';

/** The JSON error body every API failure uses. */
export interface ApiError {
  readonly error: string;
  readonly message: string;
  readonly field?: string;
  readonly action?: string;
  readonly table?: string;
  /** Why a sign-in gate refused the contact (`account_blocked`, `account_deleted`…). */
  readonly reason?: string;
}

function sendFailure(reply: FastifyReply, failure: PlaceOrderFailure): FastifyReply {
  switch (failure.kind) {
    case 'invalid':
      return reply.status(400).send({
        error: 'invalid_body',
        field: failure.field,
        message: `${failure.field}: ${failure.message}`,
      } satisfies ApiError);
    case 'signInRequired':
      return reply
        .status(401)
        .send({ error: 'sign_in_required', message: failure.message } satisfies ApiError);
    case 'forbidden':
      return reply.status(403).send({
        error: 'forbidden',
        action: failure.action,
        table: failure.table,
        message: failure.message,
      } satisfies ApiError);
  }
}

const notFound = (id: string): ApiError => ({
  error: 'not_found',
  message: `no salesorder ${id} that you may read`,
});

/**
 * A contact whose account may not sign in (blocked, disabled, deleted) is told so (403 with the library's code,
 * `sign_in_refused`, reason `account_blocked`), instead of an empty list that reads as "you have no orders".
 */
export async function refuseGatedContact(request: FastifyRequest, reply: FastifyReply) {
  const { contact } = request.viewer;
  if (!contact) return;
  try {
    assertCanSignIn(contact.principal, 'api');
  } catch (error) {
    const { code, reason, message } = error as { code: string; reason?: string; message: string };
    return reply
      .status(403)
      .send({ error: code, ...(reason === undefined ? {} : { reason }), message } satisfies ApiError);
  }
}

/** The JSON API: the same checks as the pages, for scripts and single-page apps. */
export function registerApi(app: FastifyInstance, db: Database): void {
  app.get('/api/me', async (request) => {
    const { contact, principal } = request.viewer;
    return { contact: contact ? { id: contact.id, name: contact.name } : null, principal };
  });

  // Every order route answers a gated contact with the reason first.
  const gated = { preHandler: refuseGatedContact };

  app.get<{ Querystring: { after?: string } }>('/api/orders', gated, async (request) => {
    const { ability } = request;
    const { orders, nextCursor } = await listReadableOrders(db, ability, { after: request.query.after });
    // Only the fields the viewer may read leave the server (column security hides totals from some roles):
    // the columns and each distinct grant are worked out once per request, not once per row.
    const columns = readableOrderColumns(ability);
    const grantOf = grantReader(ability);
    return {
      orders: orders.map((order) => ({ ...pickColumns(order, columns), grantedBy: grantOf(order) ?? null })),
      nextCursor,
    };
  });

  app.get<{ Params: { id: string } }>('/api/orders/:id', gated, async (request, reply) => {
    const { ability } = request;
    const order = await findOrder(db, request.params.id);
    // Unknown and unreadable orders answer the same 404 (the plugin's for the latter, with the same message),
    // so the API never confirms that an order exists.
    if (!order) return reply.status(404).send(notFound(request.params.id));
    // Tagged in place: the row was read for this request alone, and the tag `subject()` adds is not enumerable,
    // so neither the picked columns nor the JSON answer carry it.
    request.authorize('read', subject('salesorder', order));
    const lines = await readableLines(db, ability, order);
    return {
      order: {
        ...pickColumns(order, readableOrderColumns(ability)),
        lines,
        grantedBy: readGrantOf(ability, order) ?? null,
      },
    };
  });

  app.post('/api/orders', gated, async (request, reply) => {
    const { ability } = request;
    const { principal } = request.viewer;
    const parsed = parseNewOrder(request.body);
    if (!parsed.ok) return sendFailure(reply, parsed);
    const placed = await placeOrder(db, ability, principal, parsed.order);
    if (!placed.ok) return sendFailure(reply, placed);
    // Reading the new order back is checked like any read, on the rows the write answered: a create-only grant
    // gets its id and nothing more, and the answer carries only the columns the viewer may read.
    const order = readableWrittenOrder(ability, placed.order, placed.lines);
    return reply.status(201).send({
      order: order
        ? {
            ...pickColumns(order, readableOrderColumns(ability)),
            lines: order.lines,
            grantedBy: readGrantOf(ability, order) ?? null,
          }
        : { id: placed.id },
    });
  });

  app.get('/api/terms', async (request) => ({ terms: await listReadableTerms(db, request.ability) }));
}
