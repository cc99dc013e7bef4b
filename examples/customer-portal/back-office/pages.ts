import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { html, layout, type SafeHtml } from '../html.js';
import { sessionCookie } from '../session.js';
import { backOfficeFailure, userConsoleOf } from './api.js';
import { listBackOfficeOrders } from './orders.js';
import type { AccessMode } from './users.js';
import { type InternalUser, internalPersonas, loadUser } from './users.js';

type Form = Record<string, string | undefined>;

const NAV = html`<nav data-testid="back-office-nav"><a href="/back-office/users">Users</a> ·
  <a href="/back-office/orders">Orders</a> · <a href="/back-office/sign-in">Sign in as staff</a></nav>`;

async function show(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  content: SafeHtml,
  status = 200,
) {
  const { principal } = request.viewer;
  const user = principal.kind === 'user' ? await loadUser(db, principal.id) : undefined;
  const viewer = user
    ? { name: user.name, roles: [...user.securityRoles] }
    : { name: request.viewer.contact?.name, roles: request.viewer.contact?.principal.webRoles ?? [] };
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout(viewer, title, html`${NAV}${content}`));
}

const roleOptions = (request: FastifyRequest, user: InternalUser) =>
  request.ability.policy.securityRoles
    .map((role) => role.name)
    .filter((name) => !user.securityRoles.includes(name))
    .map((name) => html`<option value="${name}">${name}</option>`);

function userRow(request: FastifyRequest, user: InternalUser) {
  const base = `/back-office/users/${encodeURIComponent(user.id)}`;
  return html`<tr data-testid="user-${user.id}">
    <td>${user.name}</td><td>${user.businessUnitId}</td>
    <td>${user.securityRoles.map(
      (role) => html`<form class="inline" method="post" action="${base}/security-roles/remove">
        ${role} <button name="role" value="${role}" aria-label="Remove ${role}">×</button></form> `,
    )}
      <form class="inline" method="post" action="${base}/security-roles/assign">
        <select name="role" aria-label="Role to assign to ${user.name}" data-testid="assign-role-${user.id}">${roleOptions(request, user)}</select>
        <button data-testid="assign-${user.id}">Assign</button></form></td>
    <td>${(user.teams ?? []).join(', ') || '—'}</td>
    <td><form class="inline" method="post" action="${base}/access-mode">
      <select name="accessMode" aria-label="Access mode of ${user.name}">${(
        ['read-write', 'read', 'administrative', 'non-interactive'] as const
      ).map(
        (mode) =>
          html`<option value="${mode}" ${mode === user.accessMode ? html`selected` : ''}>${mode}</option>`,
      )}</select>
      <button>Change</button></form></td>
    <td><form class="inline" method="post" action="${base}/licence/${user.licensed ? 'remove' : 'assign'}">
      ${user.licensed ? 'Licensed ' : 'None '}<button>${user.licensed ? 'Remove' : 'Assign'}</button></form></td>
  </tr>`;
}

/** The back office's pages: staff sign-in, the users page (user administrators) and the orders page. */
export function registerBackOfficePages(app: FastifyInstance, db: Database): void {
  app.get('/back-office/sign-in', async (request, reply) =>
    show(
      db,
      request,
      reply,
      'Back office: sign in as a member of staff',
      html`<p class="warning">Development sign-in: not authentication.</p>
      <form method="post" action="/back-office/sign-in"><ul>${internalPersonas.map(
        (
          p,
        ) => html`<li><button name="userId" value="${p.id}" data-testid="staff-sign-in-${p.id}">${p.name}</button>
          — ${p.expectation}</li>`,
      )}</ul></form>`,
    ),
  );

  app.post<{ Body: Form }>('/back-office/sign-in', async (request, reply) => {
    const id = String(request.body?.userId ?? '');
    const user = await loadUser(db, id);
    if (!user)
      return show(db, request, reply, 'Not found', html`<p class="error">No such member of staff.</p>`, 404);
    reply.header('set-cookie', sessionCookie(user.id));
    return reply.redirect('/back-office/orders', 303);
  });

  app.get<{ Querystring: { done?: string } }>('/back-office/users', async (request, reply) => {
    try {
      const console = userConsoleOf(db, request);
      const [users, pool, nonInteractive] = await Promise.all([
        console.users(),
        console.seatPool(),
        console.nonInteractive(),
      ]);
      return show(
        db,
        request,
        reply,
        'Internal users',
        html`<p data-testid="seat-pool">Licences: ${pool.inUse} of ${pool.seats} seats in use${
          pool.shortfall > 0
            ? html` · <strong>${pool.shortfall} more needed</strong> to license everyone listed`
            : ''
        }. Non-interactive users: ${nonInteractive.used} of ${nonInteractive.limit}.</p>
        <div class="table-wrap"><table data-testid="users"><thead><tr><th>User</th><th>Business unit</th>
          <th>Security roles</th><th>Teams</th><th>Access mode</th><th>Licence</th></tr></thead>
          <tbody>${users.map((user) => userRow(request, user))}</tbody></table></div>`,
      );
    } catch (error) {
      return refusal(db, request, reply, error);
    }
  });

  const act =
    (work: (console: ReturnType<typeof userConsoleOf>, id: string, form: Form) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { id: string }; Body: Form }>, reply: FastifyReply) => {
      try {
        await work(userConsoleOf(db, request), request.params.id, request.body ?? {});
        return reply.redirect('/back-office/users', 303);
      } catch (error) {
        return refusal(db, request, reply, error);
      }
    };
  const route = '/back-office/users/:id';
  app.post(
    `${route}/security-roles/assign`,
    act((c, id, form) => c.assignRole(id, String(form.role ?? ''))),
  );
  app.post(
    `${route}/security-roles/remove`,
    act((c, id, form) => c.removeRole(id, String(form.role ?? ''))),
  );
  app.post(
    `${route}/licence/assign`,
    act((c, id) => c.assignLicence(id)),
  );
  app.post(
    `${route}/licence/remove`,
    act((c, id) => c.removeLicence(id)),
  );
  app.post(
    `${route}/access-mode`,
    act((c, id, form) => c.setAccessMode(id, String(form.accessMode) as AccessMode)),
  );

  app.get('/back-office/orders', async (request, reply) => {
    if (request.ability.principal.kind !== 'user') {
      return show(
        db,
        request,
        reply,
        'Back office',
        html`<p class="error">Sign in as a member of staff first.</p>`,
        403,
      );
    }
    const orders = await listBackOfficeOrders(db, request.ability);
    return show(
      db,
      request,
      reply,
      'Orders (back office)',
      orders.length === 0
        ? html`<p data-testid="no-orders">No orders your security roles reach.</p>`
        : html`<div class="table-wrap"><table data-testid="orders"><thead><tr><th>Order</th><th>Owner</th>
          <th>Business unit</th><th>Why you see it</th></tr></thead><tbody>${orders.map(
            (
              order,
            ) => html`<tr data-testid="order-${order.id}"><td>${order.id}</td><td>${order.ownerId ?? '—'}</td>
              <td>${order.owningBusinessUnit ?? '—'}</td><td class="grant">${order.grantedBy.map(
                (grant) => html`${grant.label}${grant.via ? html` via ${grant.via}` : ''}<br>`,
              )}</td></tr>`,
          )}</tbody></table></div>`,
    );
  });
}

/** A refusal as a page with the library's explanation; rethrows anything else. */
async function refusal(db: Database, request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const failure = backOfficeFailure(error);
  if (!failure) throw error;
  const title = failure.status === 404 ? 'Not found' : failure.status === 400 ? 'Not valid' : 'Refused';
  return show(
    db,
    request,
    reply,
    title,
    html`<p class="error" data-testid="refusal">${String(failure.body.message)}</p>
      <p><a href="/back-office/users">Back to the users</a></p>`,
    failure.status,
  );
}
