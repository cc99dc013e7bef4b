import type { AccessDiff, PolicyInput } from 'portal-permissions';
import type { PolicySnapshot, PolicyVersionEntry } from 'portal-permissions/store';
import { html, type SafeHtml } from '../html.js';
import { activeField, itemsOf, ROLE_SECTIONS, type RoleSection, roleField, webRoleNames } from './forms.js';

const TITLES: Record<RoleSection, string> = {
  tablePermissions: 'Table permissions',
  pageRules: 'Page rules',
  columnPermissions: 'Column permissions',
};

function section(document: PolicyInput, name: RoleSection): SafeHtml {
  const roles = webRoleNames(document);
  const items = itemsOf(document, name);
  if (items.length === 0) return html``;
  return html`<fieldset data-testid="section-${name}"><legend>${TITLES[name]}</legend><table>
    <tr><th></th>${name === 'tablePermissions' ? html`<th>Active</th>` : ''}${roles.map((role) => html`<th>${role}</th>`)}</tr>
    ${items.map(
      (item, index) =>
        html`<tr><th>${item.name}</th>${
          name === 'tablePermissions'
            ? html`<td><input type="checkbox" name="${activeField(index)}" aria-label="${item.name} active" ${
                item.active === false ? '' : html`checked`
              }></td>`
            : ''
        }${roles.map(
          (role, at) =>
            html`<td><input type="checkbox" name="${roleField(name, index, at)}" aria-label="${item.name}: ${role}" ${
              item.webRoles?.includes(role) ? html`checked` : ''
            }></td>`,
        )}</tr>`,
    )}</table></fieldset>`;
}

/** The editor: the current version's web roles, table permissions, page rules and column permissions as forms. */
export function editorPage(
  snapshot: PolicySnapshot,
  document: PolicyInput,
  history: readonly PolicyVersionEntry[],
): SafeHtml {
  return html`<p data-testid="served-version">Version ${snapshot.version}, published by ${snapshot.author}: ${snapshot.comment}</p>
  <form method="post" action="/permissions/preview" data-testid="editor">
    <input type="hidden" name="baseVersion" value="${snapshot.version}">
    <fieldset><legend>Web roles</legend><p>${webRoleNames(document).join(', ')}</p>
      <label>Add a web role <input name="newWebRole" maxlength="100"></label></fieldset>
    ${ROLE_SECTIONS.map((name) => section(document, name))}
    <details><summary>Edit the whole document (JSON) instead</summary>
      <textarea name="document" rows="12" cols="100" aria-label="Policy document"></textarea></details>
    <button data-testid="preview">Preview the change</button>
  </form>
  ${historyTable(snapshot, history)}`;
}

function historyTable(snapshot: PolicySnapshot, history: readonly PolicyVersionEntry[]): SafeHtml {
  return html`<h2>History</h2><table data-testid="history">
    <tr><th>Version</th><th>Published</th><th>By</th><th>Why</th><th>Widened</th><th></th></tr>
    ${history.map(
      (entry) => html`<tr data-testid="version-${entry.version}"><td>${entry.version}${
        entry.rollbackOf === null ? '' : ` (rollback to ${entry.rollbackOf})`
      }</td><td>${entry.publishedAt}</td><td>${entry.author}</td><td>${entry.comment}</td>
      <td>${entry.widened ? `yes: ${entry.reason ?? ''}` : 'no'}</td><td>${
        entry.version === snapshot.version
          ? 'served'
          : html`<form method="post" action="/permissions/rollback" class="inline">
          <input type="hidden" name="version" value="${entry.version}">
          <input type="hidden" name="baseVersion" value="${snapshot.version}">
          <input name="comment" required placeholder="why roll back" aria-label="Why roll back to ${entry.version}">
          <label><input type="checkbox" name="allowWiden"> may widen</label>
          <input name="reason" placeholder="reason, if it widens" aria-label="Reason to widen">
          <button>Roll back to ${entry.version}</button></form>`
      }</td></tr>`,
    )}</table>`;
}

function changesOf(diff: AccessDiff | undefined): SafeHtml {
  if (diff === undefined || diff.changes.length === 0)
    return html`<p data-testid="no-changes">No one in the seed gains or loses anything.</p>`;
  const phrase = (change: AccessDiff['changes'][number]['widened'][number]) =>
    `${change.action}${change.field === undefined ? '' : ` column ${change.field} of`} ${change.record}`;
  return html`<table data-testid="changes"><tr><th>Who</th><th>Gains</th><th>Loses</th></tr>${diff.changes.map(
    (change) => html`<tr data-testid="change-${change.principal}"><td>${change.principal}</td>
      <td>${change.widened.map(phrase).join('; ') || '—'}</td><td>${change.narrowed.map(phrase).join('; ') || '—'}</td></tr>`,
  )}</table>`;
}

/** The preview: who gains and who loses what on the seed data, and the form that publishes exactly this document. */
export function previewPage(
  baseVersion: number | null,
  documentJson: string,
  review: {
    readonly widens: boolean;
    readonly findings: readonly string[];
    readonly diff: AccessDiff | undefined;
  },
): SafeHtml {
  return html`<p>Compared with version ${baseVersion ?? 'none'} on the seed's people and orders:</p>
  ${changesOf(review.diff)}
  ${review.widens ? html`<p data-testid="widens"><strong>This change widens access.</strong> Publishing it needs a reason, which the history keeps.</p>` : ''}
  <form method="post" action="/permissions/publish" data-testid="publish">
    <input type="hidden" name="baseVersion" value="${baseVersion ?? ''}">
    <input type="hidden" name="document" value="${documentJson}">
    <label>What is this change for? <input name="comment" required maxlength="4096"></label>
    ${
      review.widens
        ? html`<label><input type="checkbox" name="allowWiden"> I know it widens access</label>
      <label>Why <input name="reason" maxlength="4096"></label>`
        : ''
    }
    <button data-testid="publish-button">Publish</button>
  </form>
  <p><a href="/permissions">Back to the editor</a></p>`;
}

/** A refusal: what was wrong, in the store's words, and nothing was published. */
export function refusalPage(message: string, details: readonly string[]): SafeHtml {
  return html`<p data-testid="refusal">${message}</p><ul>${details.map((detail) => html`<li>${detail}</li>`)}</ul>
  <p>Nothing was published. <a href="/permissions">Back to the editor</a></p>`;
}
