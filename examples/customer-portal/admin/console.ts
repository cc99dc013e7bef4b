import { createHash } from 'node:crypto';
import type { ContactPrincipal, PortalAbility } from 'portal-permissions';
import {
  type AuditEvent,
  administrationBy,
  BulkImportError,
  type ImportIssue,
  type Invitation,
  InvitationCodeMismatchError,
  InvitationExhaustedError,
  importContacts,
  isLifecycleRefusal,
  type LifecycleEnvironment,
  parseCsv,
  redeemInvitation,
  systemEnvironment,
} from 'portal-permissions/accounts';
import type { Database, Queryable } from '../db/database.js';
import { ID_MAX_LENGTH, isPortalId } from '../edge.js';
import { auditedActions, listAudit, recordAccepted, recordRefused } from './audit.js';
import {
  isContactAdministrator,
  loadContactRow,
  loadContacts,
  type ManagedContact,
  mayManage,
  principalOfContact,
  saveContact,
} from './contacts.js';
import { ImportRefusedError, InvalidRequestError, isConsoleRefusal, TargetNotFoundError } from './errors.js';

/** What the contact-changing actions are called, in the API, the pages and the audit log. */
export const CONTACT_ACTIONS = ['block', 'unblock', 'reset-password', 'delete', 'restore'] as const;

/** One of the confirmed one-contact actions. */
export type ContactAction = (typeof CONTACT_ACTIONS)[number];

/** A new invitation as the console asks for it. */
export interface InviteRequest {
  readonly contactIds: readonly string[];
  readonly type: 'single' | 'group';
  readonly webRoles: readonly string[];
  readonly accountId?: string | undefined;
  readonly maxRedemptions?: number | undefined;
}

/** The rows of a CSV file as they would be imported, or every problem. */
export interface ImportPreview {
  readonly contacts: readonly (ContactPrincipal & { readonly line: number })[];
  readonly issues: readonly ImportIssue[];
}

const sha256 = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * The portal side of the administration console for one signed-in actor. Every action runs as one database
 * transaction that locks the rows it changes; the library decides (`administrationBy` on the actor's ability)
 * and builds the audit events, which are written in the same transaction. A refusal rolls everything back and
 * then writes its own audit event, so a refused operation leaves nothing but that line.
 */
export function contactConsole(
  db: Database,
  ability: PortalAbility,
  environment: LifecycleEnvironment = systemEnvironment,
) {
  const administration = administrationBy(ability, environment);
  const { principal, policy } = ability;
  const actorId = principal.kind === 'anonymous' ? undefined : principal.id;

  const perform = auditedActions(db, actorId, isConsoleRefusal);

  async function visibleContact(tx: Queryable, id: string): Promise<ManagedContact> {
    const contact = await loadContactRow(tx, id, true);
    if (!contact || !mayManage(ability, contact)) throw new TargetNotFoundError(id);
    return contact;
  }

  function transition(contact: ManagedContact, action: ContactAction) {
    switch (action) {
      case 'block':
        return administration.blockSignIn(contact);
      case 'unblock':
        return administration.unblockSignIn(contact);
      case 'reset-password':
        return administration.resetPassword(contact);
      case 'delete': {
        const { account, event, deletion } = administration.deleteAccount(contact);
        return { account: { ...account, deletion }, event };
      }
      case 'restore': {
        // A contact that is not deleted has no record: the library then refuses with the state it is in.
        const deletion = contact.deletion ?? {
          accountId: contact.id,
          at: Number.NaN,
          restorableUntil: Number.NaN,
          previousState: 'active' as const,
        };
        const { account, event } = administration.restore(contact, deletion);
        const { deletion: _restored, ...rest } = account;
        return { account: rest, event };
      }
    }
  }

  async function preview(tx: Queryable, csv: string): Promise<ImportPreview> {
    const { rows } = await tx.query('SELECT id FROM contact');
    const existingIds = rows.map((row) => String(row.id));
    // The library checks the file's shape (columns, ids, web roles, states); this adds what only the host knows
    // (which customer accounts exist) and what the actor may do, for every row, so the preview lists them all.
    let issues: ImportIssue[] = [];
    let template: string | undefined;
    try {
      template = importContacts(environment, { policy, csv, existingIds, ...(actorId ? { actorId } : {}) })
        .headers.template;
    } catch (error) {
      if (!(error instanceof BulkImportError)) throw error;
      issues = [...error.issues];
      template = error.headers?.template;
    }
    const parsed = parseCsv(csv);
    const [header, ...records] = parsed.ok ? parsed.records : [];
    if (!header || issues.some((issue) => issue.line === header.line)) return { contacts: [], issues };
    // The library reads Partner Center's template too, but its rows name no customer account, which every
    // contact of this portal needs: say so once instead of a confusing issue on every row.
    if (template === 'partnerCenter') {
      const message =
        'this file uses the Partner Center template, whose rows name no customer account; use the columns id, accountId, legalEntity, webRoles (and state)';
      return {
        contacts: [],
        issues: [
          { code: 'template_without_account', path: ['csv', 0], line: header.line, column: '', message },
        ],
      };
    }
    const accounts = await tx.query('SELECT legal_entity, account_number FROM customer_account');
    const known = new Set(accounts.rows.map((row) => `${row.legal_entity}\u0000${row.account_number}`));
    const contacts = records.map((record, index) => {
      const cell = (column: string) => record.fields[header.fields.indexOf(column)] ?? '';
      const issue = (column: string, code: string, message: string) => {
        if (!issues.some((known) => known.line === record.line && known.column === column))
          issues.push({ code, path: ['csv', index + 1, column], line: record.line, column, message });
      };
      const webRoles = cell('webRoles')
        .split(';')
        .map((role) => role.trim())
        .filter((role) => role !== '');
      const contact: ContactPrincipal & { readonly line: number } = {
        kind: 'contact',
        id: cell('id'),
        ...(cell('accountId') ? { accountId: cell('accountId') } : {}),
        ...(cell('legalEntity') ? { legalEntity: cell('legalEntity') } : {}),
        webRoles,
        state: (cell('state') || 'active') as NonNullable<ContactPrincipal['state']>,
        registeredVia: 'administrator',
        line: record.line,
      };
      // Every id the portal stores is one its routes and cookies accept (edge.ts).
      if (!isPortalId(contact.id))
        issue('id', 'invalid_id', `use 1 to ${ID_MAX_LENGTH} letters, digits or . _ @ + - as the id`);
      if (contact.accountId && !known.has(`${contact.legalEntity ?? ''}\u0000${contact.accountId}`)) {
        issue(
          'accountId',
          'unknown_account',
          `customer account "${contact.accountId}" does not exist in legal entity "${contact.legalEntity ?? ''}"`,
        );
      }
      // The actor creates the contact bare, then hands out each web role: checked as the one-by-one actions are.
      const { line: _line, webRoles: _roles, ...bare } = contact;
      try {
        // A state the file already gets a line for is left out, so the web roles are still checked.
        const badState = issues.some((known) => known.line === record.line && known.column === 'state');
        let created = administration.createUser({
          ...bare,
          webRoles: [],
          ...(badState ? { state: 'active' as const } : {}),
        }).account;
        for (const role of webRoles) created = administration.assignWebRole(created, role).account;
      } catch (error) {
        if (!isLifecycleRefusal(error)) throw error;
        const { code, message, path } = error as Error & { code: string; path: readonly unknown[] };
        // A row of another company than an account-limited importer's own is the account cell to fix.
        const foreign =
          principal.kind === 'contact' &&
          (contact.accountId !== (principal.accountId ?? undefined) ||
            contact.legalEntity !== (principal.legalEntity ?? undefined));
        const column =
          path.includes('role') || /web role/i.test(message)
            ? 'webRoles'
            : path.includes('state')
              ? 'state'
              : foreign
                ? 'accountId'
                : 'id';
        issue(column, code, message);
      }
      return contact;
    });
    issues.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    return { contacts: issues.length ? [] : contacts, issues };
  }

  return {
    /** True when the actor may open the console at all. */
    isAdministrator: () => isContactAdministrator(ability),

    /** The contacts the actor may manage. */
    async contacts(): Promise<ManagedContact[]> {
      return (await loadContacts(db)).filter((contact) => mayManage(ability, contact));
    },

    /** One contact the actor may manage, or a `TargetNotFoundError`. */
    async contact(id: string): Promise<ManagedContact> {
      const contact = await loadContactRow(db, id);
      if (!contact || !mayManage(ability, contact)) throw new TargetNotFoundError(id);
      return contact;
    },

    /** Issues an invitation; the code is returned once and only its hash is stored. */
    invite(request: InviteRequest) {
      return perform('invitation.create', request.contactIds.join(','), async (tx) => {
        const contacts: ManagedContact[] = [];
        for (const id of request.contactIds) contacts.push(await visibleContact(tx, id));
        const created = await administration.invite({
          contacts: contacts.map(principalOfContact),
          type: request.type,
          assignWebRoles: [...request.webRoles],
          ...(request.accountId ? { assignToAccount: request.accountId } : {}),
          ...(request.maxRedemptions === undefined ? {} : { maxRedemptions: request.maxRedemptions }),
        });
        await tx.query(
          'INSERT INTO invitation (id, code_hash, redemptions, data, created_by) VALUES ($1, $2, $3, $4, $5)',
          [
            created.invitation.id,
            created.invitation.codeHash,
            created.invitation.redemptions,
            created.invitation,
            actorId ?? null,
          ],
        );
        return { result: { invitation: created.invitation, code: created.code }, events: [created.event] };
      });
    },

    /** Replaces a contact's web roles: each added one is checked for elevation, each removed one too. */
    setWebRoles(id: string, webRoles: readonly string[]) {
      return perform('contact.webRoles', id, async (tx) => {
        const contact = await visibleContact(tx, id);
        const events: AuditEvent[] = [];
        let account: ManagedContact = contact;
        for (const role of contact.webRoles.filter((role) => !webRoles.includes(role))) {
          const removed = administration.removeWebRole(account, role);
          account = removed.account;
          events.push(removed.event);
        }
        for (const role of webRoles.filter((role) => !contact.webRoles.includes(role))) {
          const assigned = administration.assignWebRole(account, role);
          account = assigned.account;
          events.push(assigned.event);
        }
        return { result: await saveContact(tx, account), events };
      });
    },

    /** Block, unblock, reset the password of, delete or restore one contact. */
    act(id: string, action: ContactAction) {
      return perform(`contact.${action}`, id, async (tx) => {
        const contact = await visibleContact(tx, id);
        const { account, event } = transition(contact, action);
        return { result: await saveContact(tx, account), events: [event] };
      });
    },

    /** The contacts a CSV file would create, or every bad row by line and column; writes nothing. */
    previewImport(csv: string): Promise<ImportPreview> {
      return db.transaction((tx) => preview(tx, csv));
    },

    /** Imports a CSV file in one transaction, all or nothing. */
    importContacts(csv: string) {
      return perform('contacts.import', 'contacts', async (tx) => {
        // Locks the table against a concurrent import of the same ids between the check and the inserts.
        await tx.query('LOCK TABLE contact IN SHARE ROW EXCLUSIVE MODE');
        const { contacts, issues } = await preview(tx, csv);
        if (issues.length > 0) throw new ImportRefusedError(issues);
        for (const contact of contacts) {
          await tx.query(
            `INSERT INTO contact (id, name, account_id, legal_entity, web_roles, state, registered_via)
             VALUES ($1, $1, $2, $3, $4, $5, 'administrator')`,
            [
              contact.id,
              contact.accountId ?? null,
              contact.legalEntity ?? null,
              [...(contact.webRoles ?? [])],
              contact.state ?? 'active',
            ],
          );
        }
        const { event } = importContacts(environment, {
          policy,
          csv,
          ...(actorId ? { actorId } : {}),
        });
        return { result: contacts.map((contact) => contact.id), events: [event] };
      });
    },

    /** The audit log, newest first. */
    audit: () => listAudit(db),
  };
}

/**
 * Redeems an invitation code for a visitor and returns the contact to sign in. The invitation row is locked
 * and its redemption count updated only if unchanged, so two concurrent redemptions of a single invitation
 * give exactly one success.
 */
export async function redeem(
  db: Database,
  policy: PortalAbility['policy'],
  request: { readonly code: string; readonly contactId?: string | undefined },
  environment: LifecycleEnvironment = systemEnvironment,
): Promise<ManagedContact> {
  if (request.contactId !== undefined && !isPortalId(request.contactId))
    throw new InvalidRequestError('contactId', 'not a contact id');
  let invitationId: string | undefined;
  try {
    return await db.transaction(async (tx) => {
      const found = await tx.query(
        'SELECT id, data, redemptions FROM invitation WHERE code_hash = $1 FOR UPDATE',
        [sha256(request.code)],
      );
      const row = found.rows[0];
      if (!row) throw new InvitationCodeMismatchError();
      const invitation = row.data as Invitation;
      invitationId = invitation.id;
      const contactId =
        invitation.type === 'single' ? invitation.invitedContacts[0] : request.contactId || undefined;
      if (contactId === undefined)
        throw new InvalidRequestError(
          'contactId',
          'a group invitation needs the id of the contact redeeming it',
        );
      const contact = await loadContactRow(tx, contactId, true);
      if (!contact) throw new InvitationCodeMismatchError();
      const redeemed = await redeemInvitation(environment, {
        policy,
        invitation,
        code: request.code,
        contact: principalOfContact(contact),
      });
      const counted = await tx.query(
        'UPDATE invitation SET data = $2, redemptions = $3 WHERE id = $1 AND redemptions = $4 RETURNING id',
        [invitation.id, redeemed.invitation, redeemed.invitation.redemptions, Number(row.redemptions)],
      );
      if (counted.rows.length === 0) throw new InvitationExhaustedError(invitation.maxRedemptions);
      const next: ManagedContact = {
        ...contact,
        accountId: redeemed.contact.accountId ?? null,
        webRoles: [...(redeemed.contact.webRoles ?? [])],
        state: redeemed.contact.state ?? 'active',
        registeredVia: 'invitation',
      };
      const saved = await saveContact(tx, next);
      await recordAccepted(tx, redeemed.event);
      return saved;
    });
  } catch (error) {
    if (isConsoleRefusal(error)) {
      const { code, message } = error as { code: string; message: string };
      await recordRefused(db, {
        actorId: request.contactId,
        type: 'invitation.redeem',
        targetId: invitationId,
        code,
        message,
      });
    }
    throw error;
  }
}
