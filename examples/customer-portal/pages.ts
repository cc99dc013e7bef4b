import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { subject } from 'portal-permissions';
import { assertCanSignIn } from 'portal-permissions/accounts';
import { isContactAdministrator } from './admin/contacts.js';
import type { Database } from './db/database.js';
import { dateTime, html, layout, type PageViewer, type SafeHtml, sumAmounts } from './html.js';
import {
  describeGrant,
  findReadableOrder,
  grantReader,
  listReadableOrders,
  readableOrderColumns,
  readGrantOf,
} from './orders.js';
import { type PlaceOrderFailure, parseNewOrder, placeOrder } from './place-order.js';
import { listContacts, loadContact, sessionCookie } from './session.js';
import { listReadableTerms } from './terms.js';

const NOT_REAL_AUTH = html`<p class="warning" data-testid="dev-sign-in-warning"><strong>Development sign-in — this is
  not real authentication.</strong> Anyone can pick anyone; the choice is stored in a plain cookie. A real portal signs
  people in with its identity provider and maps them to a contact row.</p>`;

function pageViewer(request: FastifyRequest): PageViewer {
  const { contact } = request.viewer;
  return {
    name: contact?.name,
    roles: contact?.principal.webRoles ?? [],
    administrator: isContactAdministrator(request.ability),
  };
}

function page(
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  content: SafeHtml,
  status = 200,
): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout(pageViewer(request), title, content));
}

const STATUS_OF: Record<PlaceOrderFailure['kind'], number> = {
  invalid: 400,
  signInRequired: 401,
  forbidden: 403,
};

/** The server-rendered pages: sign-in, orders, one order, placing an order, the public terms. */
export function registerPages(app: FastifyInstance, db: Database): void {
  app.get('/', async (request, reply) => {
    const contacts = await listContacts(db);
    return page(
      request,
      reply,
      'Choose who you are',
      html`${NOT_REAL_AUTH}
      <form method="post" action="/sign-in"><ul>
        ${contacts.map(
          (
            contact,
          ) => html`<li><button name="contactId" value="${contact.id}" data-testid="sign-in-${contact.id}">${contact.name}</button>
            <span class="grant">web roles: ${contact.webRoles.join(', ') || 'none'}</span></li>`,
        )}
      </ul></form>
      <p>Or stay a visitor and read the <a href="/terms">public terms</a>, or
      <a href="/invitations/redeem" data-testid="redeem-link">redeem an invitation code</a>
      (<a href="/invitations/register" data-testid="register-link">register with one</a> if you are new here).</p>
      <p>Contoso staff: <a href="/back-office/sign-in" data-testid="back-office-link">sign in to the back office</a>.</p>`,
    );
  });

  app.post<{ Body: { contactId?: string } }>('/sign-in', async (request, reply) => {
    const contact = await loadContact(db, request.body?.contactId);
    if (!contact)
      return page(request, reply, 'Unknown contact', html`<p class="error">No such contact.</p>`, 400);
    try {
      // A blocked, disabled or deleted contact is refused here, with the library's reason.
      assertCanSignIn(contact.principal, 'interactive');
    } catch (error) {
      return page(
        request,
        reply,
        'Sign-in refused',
        html`<p class="error" data-testid="sign-in-refused">${(error as Error).message}</p>`,
        403,
      );
    }
    // After an administrator's reset the contact first chooses a new password (admin/password.ts).
    const next = contact.principal.mustChangePassword ? '/account/password' : '/orders';
    return reply.header('set-cookie', sessionCookie(contact.id)).redirect(next, 303);
  });

  app.post('/sign-out', async (_request, reply) =>
    reply.header('set-cookie', sessionCookie(undefined)).redirect('/', 303),
  );

  app.get<{ Querystring: { after?: string } }>('/orders', async (request, reply) => {
    const { ability } = request;
    const { contact } = request.viewer;
    const { orders, nextCursor } = await listReadableOrders(db, ability, { after: request.query.after });
    // Column security, decided once per request: the Total column exists only for viewers who may read totals.
    const showTotal = readableOrderColumns(ability).has('total');
    const readGrant = grantReader(ability);
    const totalOf = (order: (typeof orders)[number]) => (showTotal ? (order.total ?? '') : '');
    const readableTotals = orders.flatMap((order) => {
      const total = totalOf(order);
      return total === '' ? [] : [total];
    });
    const rows = orders.map(
      (order) => html`<tr data-order-id="${order.id}">
        <td><a href="/orders/${encodeURIComponent(order.id)}">${order.id}</a></td>
        <td data-testid="placed">${dateTime(order.createdAt)}</td><td>${order.customerAccount}</td>
        <td>${order.company}</td><td>${order.orderedBy}</td><td>${order.status}</td>${
          showTotal ? html`<td class="number" data-testid="total">${totalOf(order)}</td>` : ''
        }
        <td class="grant">${describeGrant(readGrant(order))}</td></tr>`,
    );
    // The footer counts the rows of this page and adds up only the totals this viewer may read.
    const footer = html`<tfoot><tr><td colspan="6" data-testid="order-count">${orders.length} order${orders.length === 1 ? '' : 's'}</td>${
      showTotal ? html`<td class="number" data-testid="grand-total">${sumAmounts(readableTotals)}</td>` : ''
    }<td></td></tr></tfoot>`;
    const list = orders.length
      ? html`<div class="table-wrap"><table data-testid="orders"><thead><tr><th>Order</th><th>Placed</th><th>Customer account</th><th>Legal entity</th>
          <th>Ordered by</th><th>Status</th>${showTotal ? html`<th>Total</th>` : ''}<th>Visible because</th></tr></thead><tbody>${rows}</tbody>${footer}</table></div>${
            nextCursor
              ? html`<p><a href="/orders?after=${encodeURIComponent(nextCursor)}" data-testid="older-orders">Older orders</a></p>`
              : ''
          }`
      : html`<p data-testid="no-orders">${contact ? 'There are no orders you may see.' : 'Sign in to see your orders.'}</p>`;
    // A type-level check: "may this viewer create some order?" decides whether to show the form at all.
    const form = ability.can('create', 'salesorder')
      ? html`<h2>Place an order</h2>
        <form method="post" action="/orders" data-testid="place-order"><fieldset>
          <label>Customer account <input name="customerAccount" value="${contact?.principal.accountId ?? ''}" required></label>
          <label>Item <input name="item" required></label>
          <label>Quantity <input name="quantity" type="number" min="1" value="1" required></label>
          <button>Place order</button></fieldset></form>`
      : '';
    return page(request, reply, 'Orders', html`${list}${form}`);
  });

  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const { ability } = request;
    const order = await findReadableOrder(db, ability, request.params.id);
    // 404 rather than 403: an order you may not read is indistinguishable from one that does not exist.
    if (!order)
      return page(
        request,
        reply,
        'Order not found',
        html`<p class="error">No order ${request.params.id} that you may see.</p>`,
        404,
      );
    const lines = order.lines.map(
      (line) => html`<tr><td>${line.item}</td><td class="number">${line.quantity}</td></tr>`,
    );
    return page(
      request,
      reply,
      `Order ${order.id}`,
      html`<dl><dt>Customer account</dt><dd>${order.customerAccount} (${order.company})</dd>
        <dt>Placed</dt><dd data-testid="placed">${dateTime(order.createdAt)}</dd>
        <dt>Ordered by</dt><dd>${order.orderedBy}</dd><dt>Status</dt><dd>${order.status}</dd>${
          ability.can('read', subject('salesorder', { ...order }), 'total')
            ? html`<dt>Total</dt><dd data-testid="total">${order.total ?? ''}</dd>`
            : ''
        }
        <dt>Visible because</dt><dd class="grant" data-testid="grant">${describeGrant(readGrantOf(ability, order))}</dd></dl>
      <h2>Lines</h2>${
        lines.length
          ? html`<div class="table-wrap"><table><thead><tr><th>Item</th><th class="number">Quantity</th></tr></thead><tbody>${lines}</tbody>
            <tfoot><tr><td>${lines.length} line${lines.length === 1 ? '' : 's'}</td><td class="number" data-testid="quantity-total">${order.lines.reduce((sum, line) => sum + line.quantity, 0)}</td></tr></tfoot></table></div>`
          : html`<p>You may not see this order's lines.</p>`
      }`,
    );
  });

  app.post<{ Body: Record<string, string | undefined> }>('/orders', async (request, reply) => {
    const { ability } = request;
    const { principal } = request.viewer;
    const form = request.body ?? {};
    const quantity = form.quantity === undefined || form.quantity === '' ? undefined : Number(form.quantity);
    const parsed = parseNewOrder({
      ...(form.customerAccount ? { customerAccount: form.customerAccount } : {}),
      lines: [{ item: form.item ?? '', quantity }],
    });
    const placed = parsed.ok ? await placeOrder(db, ability, principal, parsed.order) : parsed;
    if (placed.ok) return reply.redirect(`/orders/${encodeURIComponent(placed.id)}`, 303);
    return page(
      request,
      reply,
      'Order not placed',
      html`<p class="error">${placed.message}</p><p><a href="/orders">Back to orders</a></p>`,
      STATUS_OF[placed.kind],
    );
  });

  app.get('/terms', async (request, reply) => {
    const terms = await listReadableTerms(db, request.ability);
    return page(
      request,
      reply,
      'Public terms',
      html`${terms.map((item) => html`<section data-testid="terms"><h2>${item.title}</h2><p>${item.body}</p></section>`)}`,
    );
  });
}
