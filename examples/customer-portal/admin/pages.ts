import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { dateTime, html } from '../html.js';
import { sessionCookie } from '../session.js';
import { consoleFailure, consoleOf } from './api.js';
import { CONTACT_ACTIONS, redeem } from './console.js';
import { grantableWebRoles, type ManagedContact } from './contacts.js';
import {
  ACTION_LABELS,
  actionsFor,
  checked,
  doneUrl,
  type Form,
  issueTable,
  NAV,
  refusal,
  show,
  successNotice,
} from './page-parts.js';

/** The console's pages: contacts, invitations, web roles, confirmed actions, CSV import, audit log, redeeming. */
export function registerAdministrationPages(app: FastifyInstance, db: Database): void {
  app.get('/admin', async (_request, reply) => reply.redirect('/admin/contacts', 303));

  app.get<{ Querystring: { done?: string; contact?: string } }>('/admin/contacts', async (request, reply) => {
    try {
      const contacts = await consoleOf(db, request).contacts();
      const notice = successNotice(request.query, contacts);
      const rows = contacts.map(
        (
          contact,
        ) => html`<tr data-contact-id="${contact.id}"><td>${contact.name}<br><span class="grant">${contact.id}</span></td>
          <td>${contact.accountId ?? ''} ${contact.legalEntity ? `(${contact.legalEntity})` : ''}</td>
          <td data-testid="state">${contact.state}${contact.mustChangePassword ? ' · must change password' : ''}${
            contact.deletion
              ? html`<br><span class="grant">restorable until ${dateTime(new Date(contact.deletion.restorableUntil).toISOString())}</span>`
              : ''
          }</td>
          <td data-testid="web-roles">${contact.webRoles.join(', ') || 'none'}</td>
          <td>${dateTime(contact.updatedAt)}</td>
          <td>${contact.state === 'deleted' ? '' : html`<a href="/admin/contacts/${encodeURIComponent(contact.id)}/web-roles">Web roles</a>`}
          ${actionsFor(contact).map(
            (action) =>
              html` · <a href="/admin/contacts/${encodeURIComponent(contact.id)}/${action}" data-testid="${action}-${contact.id}">${ACTION_LABELS[action].verb}</a>`,
          )}</td></tr>`,
      );
      return show(
        request,
        reply,
        'Contacts',
        html`${NAV}${notice}<div class="table-wrap"><table data-testid="contacts"><thead><tr><th>Contact</th><th>Account</th><th>State</th>
          <th>Web roles</th><th>Last change</th><th>Actions</th></tr></thead><tbody>${rows}</tbody>
          <tfoot><tr><td colspan="6" data-testid="contact-count">${contacts.length} contact${contacts.length === 1 ? '' : 's'} you may manage</td></tr></tfoot></table></div>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  app.get('/admin/invite', async (request, reply) => {
    try {
      const administration = consoleOf(db, request);
      const contacts = (await administration.contacts()).filter((contact) => contact.state === 'active');
      const roles = grantableWebRoles(request.ability);
      return show(
        request,
        reply,
        'Invite contacts',
        html`${NAV}<form method="post" action="/admin/invite" data-testid="invite-form"><fieldset>
          <legend>Contacts</legend>${contacts.map(
            (contact) =>
              html`<label><input type="checkbox" name="contact:${contact.id}" data-testid="invite-contact-${contact.id}"> ${contact.name}</label>`,
          )}</fieldset>
          <fieldset><legend>Web roles given on redemption (the ones you may hand out)</legend>${roles.map(
            (role) =>
              html`<label><input type="checkbox" name="role:${role}" data-testid="invite-role-${role}"> ${role}</label>`,
          )}</fieldset>
          <fieldset><label>Invitation <select name="type"><option value="single">single (one contact)</option><option value="group">group</option></select></label>
          <label>Customer account (empty keeps the contact's) <input name="accountId"></label>
          <button data-testid="invite-submit">Create invitation</button></fieldset></form>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  app.post<{ Body: Form }>('/admin/invite', async (request, reply) => {
    try {
      const form = request.body ?? {};
      const type = form.type === 'group' ? 'group' : 'single';
      const { invitation, code } = await consoleOf(db, request).invite({
        contactIds: checked(form, 'contact:'),
        type,
        webRoles: checked(form, 'role:'),
        accountId: form.accountId || undefined,
      });
      return show(
        request,
        reply,
        'Invitation created',
        html`${NAV}<p>Give this code to ${invitation.invitedContacts.join(', ')}. <strong>It is shown only now</strong>: the portal
          keeps only its hash. They redeem it at <a href="/invitations/redeem">/invitations/redeem</a>.</p>
          <p><code data-testid="invitation-code" id="invitation-code">${code}</code>
          <button type="button" data-testid="copy-code" onclick="navigator.clipboard.writeText(document.getElementById('invitation-code').textContent).then(() => { this.textContent = 'Copied'; })">Copy</button></p>
          <p class="grant">Web roles on redemption: ${invitation.assignWebRoles.join(', ') || 'none'} · expires
          ${invitation.expiresAt === null ? 'never' : dateTime(new Date(invitation.expiresAt).toISOString())}</p>`,
        201,
      );
    } catch (error) {
      return refusal(request, reply, error, '/admin/invite');
    }
  });

  app.get<{ Params: { id: string } }>('/admin/contacts/:id/web-roles', async (request, reply) => {
    try {
      const contact = await consoleOf(db, request).contact(request.params.id);
      // Offered: the roles the actor may hand out, and the contact's own (which may be taken away).
      const grantable = grantableWebRoles(request.ability);
      const roles = [...grantable, ...contact.webRoles.filter((role) => !grantable.includes(role))];
      return show(
        request,
        reply,
        `Web roles of ${contact.name}`,
        html`${NAV}<form method="post" action="/admin/contacts/${encodeURIComponent(contact.id)}/web-roles"><fieldset>${roles.map(
          (role) =>
            html`<label><input type="checkbox" name="role:${role}" data-testid="role-${role}" ${
              contact.webRoles.includes(role) ? 'checked' : ''
            }> ${role}</label>`,
        )}<button data-testid="web-roles-submit">Review the change</button></fieldset></form>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/admin/contacts');
    }
  });

  app.post<{ Params: { id: string }; Body: Form }>(
    '/admin/contacts/:id/web-roles',
    async (request, reply) => {
      try {
        const administration = consoleOf(db, request);
        const contact = await administration.contact(request.params.id);
        const form = request.body ?? {};
        const roles = checked(form, 'role:');
        if (form.confirm !== 'yes') {
          const added = roles.filter((role) => !contact.webRoles.includes(role));
          const removed = contact.webRoles.filter((role) => !roles.includes(role));
          return show(
            request,
            reply,
            `Change the web roles of ${contact.name}?`,
            html`${NAV}<ul data-testid="confirmation"><li>Add: ${added.join(', ') || 'nothing'}</li><li>Remove: ${removed.join(', ') || 'nothing'}</li></ul>
          <form method="post">${roles.map((role) => html`<input type="hidden" name="role:${role}" value="on">`)}
            <input type="hidden" name="confirm" value="yes"><button data-testid="confirm">Confirm</button>
            <a href="/admin/contacts">Cancel</a></form>`,
          );
        }
        await administration.setWebRoles(contact.id, roles);
        return reply.redirect(doneUrl('web-roles', contact.id), 303);
      } catch (error) {
        return refusal(request, reply, error, '/admin/contacts');
      }
    },
  );

  for (const action of CONTACT_ACTIONS) {
    const { verb, explain } = ACTION_LABELS[action];
    const confirmation = (contact: ManagedContact) =>
      html`${NAV}<p data-testid="confirmation">${explain}</p>
        <form method="post" action="/admin/contacts/${encodeURIComponent(contact.id)}/${action}">
        <input type="hidden" name="confirm" value="yes"><button data-testid="confirm">${verb}</button>
        <a href="/admin/contacts">Cancel</a></form>`;
    app.get<{ Params: { id: string } }>(`/admin/contacts/:id/${action}`, async (request, reply) => {
      try {
        const contact = await consoleOf(db, request).contact(request.params.id);
        return show(request, reply, `${verb}: ${contact.name}?`, confirmation(contact));
      } catch (error) {
        return refusal(request, reply, error, '/admin/contacts');
      }
    });
    app.post<{ Params: { id: string }; Body: Form }>(
      `/admin/contacts/:id/${action}`,
      async (request, reply) => {
        try {
          const administration = consoleOf(db, request);
          if (request.body?.confirm !== 'yes') {
            const contact = await administration.contact(request.params.id);
            return show(request, reply, `${verb}: ${contact.name}?`, confirmation(contact));
          }
          await administration.act(request.params.id, action);
          return reply.redirect(doneUrl(action, request.params.id), 303);
        } catch (error) {
          return refusal(request, reply, error, '/admin/contacts');
        }
      },
    );
  }

  const importForm = (
    csv: string,
  ) => html`<form method="post" action="/admin/import" data-testid="import-form">
    <p>Columns: <code>id,accountId,legalEntity,webRoles,state</code>; several web roles separated by <code>;</code>.</p>
    <textarea name="csv" rows="8" style="width:100%" data-testid="import-csv">${csv}</textarea>
    <button name="intent" value="preview" data-testid="import-preview">Preview</button></form>`;

  app.get('/admin/import', async (request, reply) => {
    try {
      consoleOf(db, request);
      return show(
        request,
        reply,
        'Import contacts',
        html`${NAV}${importForm('id,accountId,legalEntity,webRoles\n')}`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  app.post<{ Body: Form }>('/admin/import', async (request, reply) => {
    const csv = request.body?.csv ?? '';
    try {
      const administration = consoleOf(db, request);
      if (request.body?.intent === 'import') {
        const imported = await administration.importContacts(csv);
        return show(
          request,
          reply,
          'Contacts imported',
          html`${NAV}<p data-testid="imported">${imported.length} contact${imported.length === 1 ? '' : 's'} imported: ${imported.join(', ')}</p>`,
          201,
        );
      }
      const preview = await administration.previewImport(csv);
      const result = preview.issues.length
        ? issueTable(preview.issues)
        : html`<div class="table-wrap"><table data-testid="import-rows"><thead><tr><th>Line</th><th>Id</th><th>Account</th><th>Web roles</th><th>State</th></tr></thead><tbody>${preview.contacts.map(
            (contact) =>
              html`<tr><td class="number">${contact.line}</td><td>${contact.id}</td><td>${contact.accountId ?? ''}</td><td>${(contact.webRoles ?? []).join(', ')}</td><td>${contact.state ?? 'active'}</td></tr>`,
          )}</tbody><tfoot><tr><td colspan="5">${preview.contacts.length} contact${preview.contacts.length === 1 ? '' : 's'} to import</td></tr></tfoot></table></div>
          <form method="post" action="/admin/import"><input type="hidden" name="csv" value="${csv}">
          <button name="intent" value="import" data-testid="import-confirm">Import ${preview.contacts.length} contact${preview.contacts.length === 1 ? '' : 's'}</button></form>`;
      return show(
        request,
        reply,
        preview.issues.length ? 'Import preview: fix the file' : 'Import preview',
        html`${NAV}${result}${importForm(csv)}`,
        preview.issues.length ? 400 : 200,
      );
    } catch (error) {
      return refusal(request, reply, error, '/admin/import');
    }
  });

  app.get('/admin/audit', async (request, reply) => {
    try {
      const events = await consoleOf(db, request).audit();
      return show(
        request,
        reply,
        'Audit log',
        html`${NAV}<div class="table-wrap"><table data-testid="audit"><thead><tr><th>Time</th><th>Actor</th><th>Operation</th><th>Target</th><th>Outcome</th></tr></thead><tbody>${events.map(
          (event) =>
            html`<tr data-outcome="${event.outcome}"><td>${dateTime(event.at)}</td><td>${event.actorId ?? '—'}</td><td>${event.type}</td><td>${event.targetId ?? '—'}</td>
              <td>${event.outcome}${event.message ? html`<br><span class="grant">${event.message}</span>` : ''}</td></tr>`,
        )}</tbody><tfoot><tr><td colspan="5">${events.length} event${events.length === 1 ? '' : 's'} (newest first)</td></tr></tfoot></table></div>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  const redeemForm = html`<form method="post" action="/invitations/redeem" data-testid="redeem-form"><fieldset>
    <label>Invitation code <input name="code" required autocomplete="off" data-testid="redeem-code"></label>
    <label>Your contact id (group invitations only) <input name="contactId" data-testid="redeem-contact"></label>
    <button data-testid="redeem-submit">Redeem and sign in</button></fieldset></form>`;

  app.get('/invitations/redeem', async (request, reply) =>
    show(request, reply, 'Redeem an invitation', redeemForm),
  );

  app.post<{ Body: Form }>('/invitations/redeem', async (request, reply) => {
    try {
      const contact = await redeem(db, request.ability.policy, {
        code: request.body?.code ?? '',
        contactId: request.body?.contactId || undefined,
      });
      return reply.header('set-cookie', sessionCookie(contact.id)).redirect('/orders', 303);
    } catch (error) {
      const failure = consoleFailure(error);
      if (!failure) throw error;
      return show(
        request,
        reply,
        'Invitation not redeemed',
        html`<p class="error" data-testid="refusal">${String(failure.body.message)}</p>${redeemForm}`,
        failure.status,
      );
    }
  });
}
