import type { ContactPrincipal, Principal } from 'portal-permissions';
import type { Database } from './db/database.js';
import { isPortalId } from './edge.js';

/** The development sign-in cookie: it holds a contact id in clear text. NOT authentication. */
export const SESSION_COOKIE = 'portal_contact';

/** A signed-in contact as stored in the `contact` table. */
export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly principal: ContactPrincipal;
}

// A cookie is whatever the browser (or anyone) sends: a malformed escape such as `%E0%A4%A` is nobody, not an error.
function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The contact id in a `Cookie` header, if any. A value that does not decode, or is not an id (too long, U+0000,
 * the wrong shape), means signed out: a visitor, never an error.
 */
export function contactIdFromCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const id = decoded(value.join('='));
      return isPortalId(id) ? id : undefined;
    }
  }
  return undefined;
}

/** A `Set-Cookie` value signing in as `contactId`, or signing out when undefined. */
export function sessionCookie(contactId: string | undefined): string {
  const value = contactId === undefined ? '' : encodeURIComponent(contactId);
  const expiry = contactId === undefined ? '; Max-Age=0' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${expiry}`;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const REGISTRATIONS: readonly unknown[] = ['invitation', 'administrator', 'openRegistration'];

/** Loads a contact and turns it into a principal; an unknown id, or a value that is no id, is a visitor. */
export async function loadContact(db: Database, id: string | undefined): Promise<Contact | undefined> {
  if (!isPortalId(id)) return undefined;
  const { rows } = await db.query(
    `SELECT c.id, c.name, c.account_id, c.legal_entity, c.web_roles, c.administrative_roles, c.state,
       c.must_change_password, c.registered_via, a.web_roles AS account_web_roles
     FROM contact c LEFT JOIN customer_account a
       ON a.legal_entity = c.legal_entity AND a.account_number = c.account_id
     WHERE c.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const principal: ContactPrincipal = {
    kind: 'contact',
    id: String(row.id),
    accountId: text(row.account_id),
    legalEntity: text(row.legal_entity),
    webRoles: Array.isArray(row.web_roles) ? row.web_roles.map(String) : [],
    // The roles linked to the contact's customer account, which the contact holds too (D41).
    ...(Array.isArray(row.account_web_roles) && row.account_web_roles.length > 0
      ? { accountWebRoles: row.account_web_roles.map(String) }
      : {}),
    state: row.state as ContactPrincipal['state'],
    // The administration console's columns (admin/schema.ts): its roles, a pending password change, how it registered.
    ...(Array.isArray(row.administrative_roles) && row.administrative_roles.length > 0
      ? { administrativeRoles: row.administrative_roles.map(String) }
      : {}),
    ...(row.must_change_password === true ? { mustChangePassword: true } : {}),
    ...(REGISTRATIONS.includes(row.registered_via as never)
      ? { registeredVia: row.registered_via as NonNullable<ContactPrincipal['registeredVia']> }
      : {}),
  };
  return { id: principal.id, name: String(row.name), principal };
}

/** The principal of a request: the signed-in contact, or an anonymous visitor. */
export function principalOf(contact: Contact | undefined): Principal {
  return contact?.principal ?? { kind: 'anonymous' };
}

/** Every contact, for the development sign-in page. */
export async function listContacts(
  db: Database,
): Promise<{ id: string; name: string; webRoles: string[] }[]> {
  const { rows } = await db.query('SELECT id, name, web_roles FROM contact ORDER BY name');
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    webRoles: Array.isArray(row.web_roles) ? row.web_roles.map(String) : [],
  }));
}
