import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPortalId } from '../edge.js';
import { html, layout, type SafeHtml } from '../html.js';
import { consoleFailure } from './api.js';
import type { ContactAction } from './console.js';
import { isContactAdministrator, type ManagedContact } from './contacts.js';

/** A posted form, as the form parser gives it. */
export type Form = Record<string, string | undefined>;

/** How each confirmed action is named and explained. */
export const ACTION_LABELS: Record<ContactAction, { readonly verb: string; readonly explain: string }> = {
  block: { verb: 'Block sign-in', explain: 'They can no longer sign in; everything else is kept.' },
  unblock: { verb: 'Unblock sign-in', explain: 'They can sign in again.' },
  'reset-password': {
    verb: 'Reset password',
    explain:
      'They must choose a new password at their next sign-in; until then they see only their own contact.',
  },
  delete: {
    verb: 'Delete',
    explain:
      'They lose all access. You can restore the contact for 30 days; after that it can only be purged.',
  },
  restore: { verb: 'Restore', explain: 'The contact comes back in the state it had before it was deleted.' },
};

/** The actions offered for a contact in its current state. */
export function actionsFor(contact: ManagedContact): ContactAction[] {
  switch (contact.state) {
    case 'active':
      return ['block', 'reset-password', 'delete'];
    case 'blocked':
      return ['unblock', 'reset-password', 'delete'];
    case 'disabled':
      return ['reset-password', 'delete'];
    case 'deleted':
      return ['restore'];
    default:
      return [];
  }
}

/** The console's links, shown to administrators only. */
export const NAV = html`<nav class="admin-nav" data-testid="admin-nav"><a href="/admin/contacts">Contacts</a> ·
  <a href="/admin/accounts">Accounts</a> · <a href="/admin/invite">Invite</a> · <a href="/admin/invite-newcomers">Invite new people</a> · <a href="/admin/import">Import CSV</a> · <a href="/admin/audit">Audit log</a></nav>`;

/** Sends a console page. */
export function show(
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  content: SafeHtml,
  status = 200,
) {
  const { contact } = request.viewer;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout({ name: contact?.name, roles: contact?.principal.webRoles ?? [] }, title, content));
}

/** Renders a refusal as a page with the library's explanation; rethrows anything else. */
export function refusal(request: FastifyRequest, reply: FastifyReply, error: unknown, back: string) {
  const failure = consoleFailure(error);
  if (!failure) throw error;
  const issues = (failure.body.issues ?? []) as { line: number; column: string; message: string }[];
  const title = failure.status === 404 ? 'Not found' : failure.status === 400 ? 'Not valid' : 'Refused';
  // The console's links are for administrators: someone refused the console is not shown its pages.
  const nav = isContactAdministrator(request.ability) ? NAV : '';
  return show(
    request,
    reply,
    title,
    html`${nav}<p class="error" data-testid="refusal">${String(failure.body.message)}</p>${
      issues.length ? issueTable(issues) : ''
    }<p><a href="${back}">Back</a></p>`,
    failure.status,
  );
}

/** The bad rows of an import, by line and column. */
export function issueTable(issues: readonly { line: number; column: string; message: string }[]) {
  return html`<div class="table-wrap"><table data-testid="import-issues"><thead><tr><th>Line</th><th>Column</th><th>Problem</th></tr></thead><tbody>${issues.map(
    (issue) =>
      html`<tr data-line="${issue.line}"><td class="number">${issue.line}</td><td>${issue.column || '(row)'}</td><td>${issue.message}</td></tr>`,
  )}</tbody><tfoot><tr><td colspan="3">${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written</td></tr></tfoot></table></div>`;
}

/** What each completed change says on the contacts page it returns to. */
const DONE: Record<ContactAction | 'web-roles', string> = {
  block: 'Sign-in blocked for',
  unblock: 'Sign-in unblocked for',
  'reset-password': 'Password reset for',
  delete: 'Deleted (restorable for 30 days):',
  restore: 'Restored:',
  'web-roles': 'Web roles changed for',
};

/** Where a completed change returns to, naming the change. */
export const doneUrl = (action: keyof typeof DONE, id: string): string =>
  `/admin/contacts?done=${action}&contact=${encodeURIComponent(id)}`;

// The notice names only a known change and a contact the actor may manage: the query string is not trusted.
/** The success notice of a completed change, or nothing. */
export function successNotice(
  query: { done?: string; contact?: string },
  contacts: readonly ManagedContact[],
) {
  const { done, contact: id } = query;
  if (done === undefined || !Object.hasOwn(DONE, done) || !isPortalId(id)) return '';
  const contact = contacts.find((candidate) => candidate.id === id);
  if (!contact) return '';
  return html`<p class="success" data-testid="success">${DONE[done as keyof typeof DONE]} ${contact.name}.</p>`;
}

/** The names of the checked boxes whose names start with `prefix`. */
export const checked = (form: Form, prefix: string): string[] =>
  Object.keys(form)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
