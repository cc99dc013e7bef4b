import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContactPrincipal } from 'portal-permissions';
import { refuseGatedContact } from './api.js';
import type { Database } from './db/database.js';
import type { Grant, SalesOrder } from './orders.js';
import { lineFromRow, orderFromRow } from './orders.js';
import { insertOrder, parseNewOrder } from './place-order.js';

/**
 * A hand-written twin of the three order routes (`GET /api/orders`, `GET /api/orders/:id`, `POST
 * /api/orders`) under another prefix: the same database, the same JSON, but the example policy's order rules
 * written out by hand instead of asked of the library. It is the baseline the server benchmark measures the
 * library against: a test keeps its answers byte for byte equal to the library's, with as many statements
 * per request (the write is the library route's own `insertOrder`; only the decisions are hand-written). It
 * knows the contacts holding one order-reading web role (Administrator, Customer representative or Authorized
 * user) or none, and lists one page of up to `limit` orders; anyone else (several such roles, internal users)
 * gets 501.
 */
export function registerTwinOrderRoutes(app: FastifyInstance, db: Database, prefix = '/twin'): void {
  app.get(`${prefix}/api/orders`, { preHandler: refuseGatedContact }, async (request, reply) => {
    const role = roleOf(request.viewer.principal);
    if (role === undefined) return notInTwin(reply);
    const { sql, params } = filterOf(role);
    const { rows } = await db.query(
      `SELECT ${COLUMNS} FROM sales_order WHERE ${sql} ORDER BY created_at DESC, id DESC LIMIT 51`,
      params,
    );
    const orders = rows.slice(0, 50).map(orderFromRow);
    // The twin lists one page: a longer list answers as the library's first page would, without the cursor.
    if (rows.length > 50) return reply.status(501).send({ error: 'not_in_twin', message: 'one page only' });
    return { orders: orders.map((order) => answerOf(role, order)), nextCursor: null };
  });

  app.get<{ Params: { id: string } }>(
    `${prefix}/api/orders/:id`,
    { preHandler: refuseGatedContact },
    async (request, reply) => {
      const role = roleOf(request.viewer.principal);
      if (role === undefined) return notInTwin(reply);
      const order = await readable(db, role, request.params.id);
      if (!order) return reply.status(404).send(notFound(request.params.id));
      const { answer, lines } = await withLines(db, role, order);
      const { grantedBy, ...fields } = answer;
      return { order: { ...fields, lines, grantedBy } };
    },
  );

  app.post(`${prefix}/api/orders`, { preHandler: refuseGatedContact }, async (request, reply) => {
    const role = roleOf(request.viewer.principal);
    if (role === undefined) return notInTwin(reply);
    const parsed = parseNewOrder(request.body);
    if (!parsed.ok) {
      const field = parsed.kind === 'invalid' ? parsed.field : '(body)';
      return invalid(reply, field, parsed.message);
    }
    if (role.kind === 'visitor')
      return reply.status(401).send({ error: 'sign_in_required', message: 'sign in to place an order' });
    const customerAccount = parsed.order.customerAccount ?? role.accountId;
    const company = parsed.order.company ?? role.legalEntity;
    if (customerAccount === undefined)
      return invalid(reply, 'customerAccount', 'you have no customer account; name one');
    if (company === undefined) return invalid(reply, 'company', 'you have no legal entity; name one');
    if (role.kind !== 'administrator' && role.kind !== 'authorized')
      return forbidden(reply, 'create', 'salesorder', 'your web roles cannot place orders');
    const { rows } = await db.query<{ id: string }>(`SELECT 'SO-' || nextval('sales_order_number') AS id`);
    const id = rows[0]!.id;
    if (role.kind === 'authorized' && (customerAccount !== role.accountId || company !== role.legalEntity)) {
      const message = `you may not place orders for customer account ${customerAccount} in ${company}`;
      return forbidden(reply, 'create', 'salesorder', message);
    }
    const account = await db.query(
      'SELECT 1 FROM customer_account WHERE legal_entity = $1 AND account_number = $2',
      [company, customerAccount],
    );
    if (account.rows.length === 0)
      return invalid(reply, 'customerAccount', `no customer account ${customerAccount} in ${company}`);
    // The library's statement: the rows written come back, and reading them is decided here, with no query.
    const placed = await insertOrder(
      db,
      { id, customerAccount, company, orderedBy: role.id, status: 'Confirmed' },
      parsed.order.lines,
    );
    const { grantedBy, ...fields } = answerOf(role, placed.order);
    if (grantedBy === null) return reply.status(201).send({ order: { id } });
    const lines = linesFollow(grantedBy) ? placed.lines : [];
    return reply.status(201).send({ order: { ...fields, lines, grantedBy } });
  });
}

/** The viewer as the twin knows it: its one order-reading web role, or a visitor. */
type TwinRole =
  | {
      readonly kind: 'visitor';
      readonly id?: undefined;
      readonly accountId?: undefined;
      readonly legalEntity?: undefined;
    }
  | {
      readonly kind: 'administrator' | 'representative' | 'authorized' | 'none';
      readonly id: string;
      readonly accountId: string | undefined;
      readonly legalEntity: string | undefined;
    };

const READING_ROLES = {
  Administrator: 'administrator',
  'Customer representative': 'representative',
  'Authorized user': 'authorized',
} as const;

function roleOf(principal: { readonly kind: string }): TwinRole | undefined {
  if (principal.kind === 'anonymous') return { kind: 'visitor' };
  if (principal.kind !== 'contact') return undefined;
  const contact = principal as ContactPrincipal;
  if (contact.state !== undefined && contact.state !== 'active') return undefined;
  if (contact.mustChangePassword === true) return undefined;
  const held = (contact.webRoles ?? []).filter((role) => Object.hasOwn(READING_ROLES, role));
  if (held.length > 1) return undefined;
  const text = (value: string | null | undefined) => (value ? value : undefined);
  return {
    kind: held[0] === undefined ? 'none' : READING_ROLES[held[0] as keyof typeof READING_ROLES],
    id: contact.id,
    accountId: text(contact.accountId),
    legalEntity: text(contact.legalEntity),
  };
}

const COLUMNS = `id, customer_account, company, ordered_by, status, total, created_at,
  ARRAY(SELECT f.contact_id FROM sales_order_follower f WHERE f.sales_order_id = sales_order.id
        ORDER BY f.contact_id) AS follower_ids`;

function filterOf(role: TwinRole): { sql: string; params: unknown[] } {
  const { accountId, legalEntity } = role;
  switch (role.kind) {
    case 'administrator':
      return { sql: 'TRUE', params: [] };
    case 'representative':
      if (accountId === undefined || legalEntity === undefined) return { sql: 'FALSE', params: [] };
      return { sql: 'customer_account = $1 AND company = $2', params: [accountId, legalEntity] };
    case 'authorized':
      return {
        sql: `(ordered_by = $1 OR ($2::text IS NOT NULL AND customer_account = $2 AND company = $3 AND EXISTS
          (SELECT 1 FROM sales_order_follower f WHERE f.sales_order_id = sales_order.id AND f.contact_id = $1)))`,
        params: [role.id, accountId ?? null, legalEntity ?? null],
      };
    default:
      return { sql: 'FALSE', params: [] };
  }
}

/** The grant that lets `role` read `order`, or `undefined` when it may not. */
function grantOf(role: TwinRole, order: SalesOrder): Grant | undefined {
  switch (role.kind) {
    case 'administrator':
      return { webRoles: ['Administrator'], tablePermission: 'All orders', scope: 'global' };
    case 'representative':
      return order.customerAccount === role.accountId && order.company === role.legalEntity
        ? {
            webRoles: ['Customer representative'],
            tablePermission: 'Company orders',
            scope: 'account',
            field: 'customerAccount',
          }
        : undefined;
    case 'authorized':
      if (order.orderedBy === role.id)
        return {
          webRoles: ['Authorized user'],
          tablePermission: 'My orders',
          scope: 'contact',
          field: 'orderedBy',
        };
      return order.customerAccount === role.accountId &&
        order.company === role.legalEntity &&
        (order.followerIds ?? []).includes(role.id)
        ? {
            webRoles: ['Authorized user'],
            tablePermission: 'Orders I follow',
            scope: 'contact',
            field: 'followers',
            within: 'account',
          }
        : undefined;
    default:
      return undefined;
  }
}

/** The JSON of a readable order: every column but the total for Authorized users, and the grant. */
function answerOf(role: TwinRole, order: SalesOrder) {
  const { total, ...rest } = order;
  const fields = role.kind === 'authorized' ? rest : order;
  return { ...fields, grantedBy: grantOf(role, order) ?? null };
}

async function readable(db: Database, role: TwinRole, id: string): Promise<SalesOrder | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM sales_order WHERE id = $1`, [id]);
  const order = rows[0] ? orderFromRow(rows[0]) : undefined;
  return order && grantOf(role, order) ? order : undefined;
}

// Lines follow the parent through "All orders", "Company orders" and "My orders"; following gives none.
const linesFollow = (grant: Grant | null) => grant !== null && grant.tablePermission !== 'Orders I follow';

async function withLines(db: Database, role: TwinRole, order: SalesOrder) {
  const answer = answerOf(role, order);
  const { rows } = linesFollow(answer.grantedBy)
    ? await db.query(
        'SELECT id, sales_order_id, item, quantity FROM sales_order_line WHERE sales_order_id = $1 ORDER BY id',
        [order.id],
      )
    : { rows: [] };
  return { answer, lines: rows.map(lineFromRow) };
}

const notFound = (id: string) => ({ error: 'not_found', message: `no salesorder ${id} that you may read` });

function invalid(reply: FastifyReply, field: string, message: string) {
  return reply.status(400).send({ error: 'invalid_body', field, message: `${field}: ${message}` });
}

function forbidden(reply: FastifyReply, action: string, table: string, message: string) {
  return reply.status(403).send({ error: 'forbidden', action, table, message });
}

function notInTwin(reply: FastifyReply) {
  return reply
    .status(501)
    .send({ error: 'not_in_twin', message: 'the twin knows contacts with one order-reading web role' });
}
