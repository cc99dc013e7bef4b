import type { ContactPrincipal, PortalAbility } from 'portal-permissions';
import { administrativeTarget, type Deletion } from 'portal-permissions/accounts';
import type { Queryable, Row } from '../db/database.js';

/** A contact as the console shows and changes it: the principal's fields, its name and its account state. */
export type ManagedContact = {
  readonly kind: 'contact';
  readonly id: string;
  readonly name: string;
  readonly accountId: string | null;
  readonly legalEntity: string | null;
  readonly webRoles: readonly string[];
  readonly administrativeRoles: readonly string[];
  readonly state: NonNullable<ContactPrincipal['state']>;
  readonly mustChangePassword: boolean;
  readonly registeredVia?: NonNullable<ContactPrincipal['registeredVia']>;
  /** ISO instant of the last change. */
  readonly updatedAt: string;
  /** Present while the contact is deleted: what a restore needs. */
  readonly deletion?: Deletion;
};

// Every operation an administrative role can grant on a contact; "may see" means "may do one of them".
const OPERATIONS = [
  'invite',
  'createUser',
  'updateUser',
  'disable',
  'enable',
  'blockSignIn',
  'resetPassword',
  'deleteAccount',
  'restore',
  'purge',
  'assignLicense',
  'removeLicense',
  'assignRole',
  'manageRoles',
] as const;

const CONTACT_COLUMNS = `id, name, account_id, legal_entity, web_roles, administrative_roles, state,
  must_change_password, registered_via, updated_at, deleted_at, restorable_until, previous_state`;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const instant = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
const REGISTRATIONS = ['invitation', 'administrator', 'openRegistration'] as const;

/** Maps a `contact` row to the contact the console and the library work on. */
export function contactFromRow(row: Row): ManagedContact {
  const registeredVia = REGISTRATIONS.find((method) => method === row.registered_via);
  const deleted = row.deleted_at !== null && row.deleted_at !== undefined;
  return {
    kind: 'contact',
    id: String(row.id),
    name: String(row.name),
    accountId: text(row.account_id),
    legalEntity: text(row.legal_entity),
    webRoles: list(row.web_roles),
    administrativeRoles: list(row.administrative_roles),
    state: String(row.state) as ManagedContact['state'],
    mustChangePassword: row.must_change_password === true,
    ...(registeredVia === undefined ? {} : { registeredVia }),
    updatedAt: instant(row.updated_at),
    ...(deleted
      ? {
          deletion: {
            accountId: String(row.id),
            at: new Date(instant(row.deleted_at)).getTime(),
            restorableUntil: new Date(instant(row.restorable_until)).getTime(),
            previousState: String(row.previous_state) as Deletion['previousState'],
          },
        }
      : {}),
  };
}

/** The principal a contact signs in as (what invitations and the ability read). */
export function principalOfContact(contact: ManagedContact): ContactPrincipal {
  return {
    kind: 'contact',
    id: contact.id,
    accountId: contact.accountId,
    legalEntity: contact.legalEntity,
    webRoles: [...contact.webRoles],
    administrativeRoles: [...contact.administrativeRoles],
    state: contact.state,
    mustChangePassword: contact.mustChangePassword,
    ...(contact.registeredVia === undefined ? {} : { registeredVia: contact.registeredVia }),
  };
}

/** True when the actor may perform some administrative operation on the contact: the console shows it. */
export function mayManage(ability: PortalAbility, contact: ManagedContact): boolean {
  const target = administrativeTarget(ability.policy, principalOfContact(contact));
  return OPERATIONS.some((operation) => ability.can(operation, target));
}

/**
 * The web roles the actor may hand out, as the library decides them (`assignWebRole`): a contact hands out only
 * the web roles it holds; an internal user any role the policy defines. Roles every visitor holds
 * automatically are never assigned. Forms offer these; the library still decides on every submission.
 */
export function grantableWebRoles(ability: PortalAbility): string[] {
  const { principal, policy } = ability;
  const held =
    principal.kind === 'user' ? undefined : principal.kind === 'contact' ? (principal.webRoles ?? []) : [];
  return policy.webRoles
    .filter((role) => !role.anonymousUsers && !role.authenticatedUsers)
    .map((role) => role.name)
    .filter((name) => held === undefined || held.includes(name));
}

/** True when the actor holds some administrative power over contacts at all (it may open the console). */
export function isContactAdministrator(ability: PortalAbility): boolean {
  return OPERATIONS.some((operation) => ability.can(operation, 'contact'));
}

/** Every contact, by name. */
export async function loadContacts(db: Queryable): Promise<ManagedContact[]> {
  const { rows } = await db.query(`SELECT ${CONTACT_COLUMNS} FROM contact ORDER BY name, id`);
  return rows.map(contactFromRow);
}

/** One contact, locked for the rest of the transaction when `forUpdate`. */
export async function loadContactRow(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<ManagedContact | undefined> {
  const { rows } = await db.query(
    `SELECT ${CONTACT_COLUMNS} FROM contact WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? contactFromRow(rows[0]) : undefined;
}

/** Writes a contact's roles, state and deletion record back, stamping the change; returns it as stored. */
export async function saveContact(db: Queryable, contact: ManagedContact): Promise<ManagedContact> {
  const deletion = contact.state === 'deleted' ? contact.deletion : undefined;
  const { rows } = await db.query(
    `UPDATE contact SET account_id = $2, legal_entity = $3, web_roles = $4, administrative_roles = $5,
       state = $6, must_change_password = $7, registered_via = $8, updated_at = now(),
       deleted_at = $9, restorable_until = $10, previous_state = $11
     WHERE id = $1 RETURNING updated_at`,
    [
      contact.id,
      contact.accountId,
      contact.legalEntity,
      [...contact.webRoles],
      [...contact.administrativeRoles],
      contact.state,
      contact.mustChangePassword,
      contact.registeredVia ?? null,
      deletion ? new Date(deletion.at).toISOString() : null,
      deletion ? new Date(deletion.restorableUntil).toISOString() : null,
      deletion ? deletion.previousState : null,
    ],
  );
  // The answer carries the new stamp, so a client comparing `updatedAt` sees that the change happened.
  return rows[0] ? { ...contact, updatedAt: instant(rows[0].updated_at) } : contact;
}
