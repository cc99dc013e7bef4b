import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { html } from '../html.js';
import { accountConsole } from './account-roles.js';
import { consoleOf } from './api.js';
import { grantableWebRoles } from './contacts.js';
import { checked, type Form, NAV, refusal, show } from './page-parts.js';

type AccountParams = { Params: { legalEntity: string; id: string } };

const accountUrl = (legalEntity: string, id: string): string =>
  `/admin/accounts/${encodeURIComponent(legalEntity)}/${encodeURIComponent(id)}/web-roles`;

/**
 * The console's account pages: the accounts the actor may administer with their web roles, and a form to
 * change them, confirmed first like the contacts' (the library decides on the confirmed change).
 */
export function registerAccountPages(app: FastifyInstance, db: Database): void {
  app.get('/admin/accounts', async (request, reply) => {
    try {
      consoleOf(db, request);
      const accounts = await accountConsole(db, request.ability).accounts();
      const rows = accounts.map(
        (account) =>
          html`<tr data-account-id="${account.id}"><td>${account.name}<br><span class="grant">${account.legalEntity} / ${account.id}</span></td>
          <td data-testid="account-web-roles">${account.webRoles.join(', ') || 'none'}</td>
          <td><a href="${accountUrl(account.legalEntity, account.id)}">Web roles</a></td></tr>`,
      );
      return show(
        request,
        reply,
        'Customer accounts',
        html`${NAV}<p>Every contact of an account holds the web roles linked to it.</p><div class="table-wrap"><table data-testid="accounts"><thead><tr><th>Account</th><th>Web roles</th><th>Actions</th></tr></thead><tbody>${rows}</tbody></table></div>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  app.get<AccountParams>('/admin/accounts/:legalEntity/:id/web-roles', async (request, reply) => {
    try {
      consoleOf(db, request);
      const { legalEntity, id } = request.params;
      const account = await accountConsole(db, request.ability).account(legalEntity, id);
      // Offered: the roles the actor may hand out, and the account's own (which may be taken away).
      const grantable = grantableWebRoles(request.ability);
      const roles = [...grantable, ...account.webRoles.filter((role) => !grantable.includes(role))];
      return show(
        request,
        reply,
        `Web roles of ${account.name}`,
        html`${NAV}<form method="post" action="${accountUrl(legalEntity, id)}"><fieldset>${roles.map(
          (role) =>
            html`<label><input type="checkbox" name="role:${role}" data-testid="account-role-${role}" ${
              account.webRoles.includes(role) ? 'checked' : ''
            }> ${role}</label>`,
        )}<button data-testid="account-roles-submit">Review the change</button></fieldset></form>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/admin/accounts');
    }
  });

  app.post<AccountParams & { Body: Form }>(
    '/admin/accounts/:legalEntity/:id/web-roles',
    async (request, reply) => {
      try {
        consoleOf(db, request);
        const { legalEntity, id } = request.params;
        const accounts = accountConsole(db, request.ability);
        const account = await accounts.account(legalEntity, id);
        const form = request.body ?? {};
        const roles = checked(form, 'role:');
        if (form.confirm !== 'yes') {
          const added = roles.filter((role) => !account.webRoles.includes(role));
          const removed = account.webRoles.filter((role) => !roles.includes(role));
          return show(
            request,
            reply,
            `Change the web roles of ${account.name}?`,
            html`${NAV}<ul data-testid="confirmation"><li>Add: ${added.join(', ') || 'nothing'}</li><li>Remove: ${removed.join(', ') || 'nothing'}</li></ul>
          <p>Every contact of the account gets or loses these roles.</p>
          <form method="post">${roles.map((role) => html`<input type="hidden" name="role:${role}" value="on">`)}
            <input type="hidden" name="confirm" value="yes"><button data-testid="confirm">Confirm</button>
            <a href="/admin/accounts">Cancel</a></form>`,
          );
        }
        await accounts.setWebRoles(legalEntity, id, roles);
        return reply.redirect('/admin/accounts', 303);
      } catch (error) {
        return refusal(request, reply, error, '/admin/accounts');
      }
    },
  );
}
