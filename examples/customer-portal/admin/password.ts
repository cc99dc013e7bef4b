import type { FastifyInstance } from 'fastify';
import { changePassword, systemEnvironment } from 'portal-permissions/accounts';
import type { Database } from '../db/database.js';
import { html, layout } from '../html.js';
import { recordAccepted } from './audit.js';
import { loadContactRow, saveContact } from './contacts.js';

/**
 * The forced password change after an administrator's reset. The development sign-in has no passwords, so
 * nothing is stored but the fact that the contact chose one: the library lifts the own-row-only restriction.
 */
export function registerPasswordChange(app: FastifyInstance, db: Database): void {
  app.get('/account/password', async (request, reply) => {
    const { contact } = request.viewer;
    const content = contact?.principal.mustChangePassword
      ? html`<p class="warning" data-testid="password-reset">An administrator reset your password: until you choose a
          new one you see nothing but your own contact.</p>
        <form method="post" action="/account/password"><fieldset>
          <label>New password <input type="password" name="password" minlength="8" required autocomplete="new-password"></label>
          <button data-testid="change-password">Change password</button></fieldset></form>`
      : html`<p>Your password does not need changing.</p>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(layout({ name: contact?.name, roles: contact?.principal.webRoles ?? [] }, 'Password', content));
  });

  app.post<{ Body: { password?: string } }>('/account/password', async (request, reply) => {
    const id = request.viewer.contact?.id;
    if (id === undefined) return reply.redirect('/', 303);
    if ((request.body?.password ?? '').length < 8) {
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(
          layout(
            { name: request.viewer.contact?.name, roles: [] },
            'Password',
            html`<p class="error">password: use at least 8 characters</p><p><a href="/account/password">Back</a></p>`,
          ),
        );
    }
    await db.transaction(async (tx) => {
      const contact = await loadContactRow(tx, id, true);
      if (!contact?.mustChangePassword) return;
      const { account, event } = changePassword(systemEnvironment, contact);
      await saveContact(tx, account);
      await recordAccepted(tx, event);
    });
    return reply.redirect('/orders', 303);
  });
}
