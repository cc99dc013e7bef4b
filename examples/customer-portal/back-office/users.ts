import type { UserPrincipal } from 'portal-permissions';
import type { LifecycleUser } from 'portal-permissions/accounts';

/** An internal user's access mode, as the library's lifecycle types it. */
export type AccessMode = LifecycleUser['accessMode'];

import type { Database, Queryable, Row } from '../db/database.js';

/** An internal user as the back office stores it: the library's lifecycle fields plus a display name. */
export type InternalUser = LifecycleUser & {
  readonly name: string;
  readonly administrativeRoles: readonly string[];
  readonly state: 'active' | 'blocked' | 'disabled' | 'deleted' | 'purged';
};

/** A member of staff you can sign in as, and what they should see. */
export interface InternalPersona {
  readonly id: string;
  readonly name: string;
  readonly businessUnitId: string;
  readonly securityRoles: readonly string[];
  readonly teams: readonly string[];
  readonly administrativeRoles: readonly string[];
  readonly accessMode: AccessMode;
  readonly licensed: boolean;
  readonly expectation: string;
}

const person = (
  id: string,
  name: string,
  businessUnitId: string,
  securityRoles: readonly string[],
  expectation: string,
  extra: Partial<InternalPersona> = {},
): InternalPersona => ({
  id,
  name,
  businessUnitId,
  securityRoles,
  teams: [],
  administrativeRoles: [],
  accessMode: 'read-write',
  licensed: true,
  expectation,
  ...extra,
});

/** Contoso's staff: two personas to sign in as, colleagues to manage, and five integration users. */
export const internalPersonas: readonly InternalPersona[] = [
  person(
    'uma',
    'Uma (user administrator, Sales)',
    'sales',
    ['Sales manager'],
    'manages the users of Sales and Sales EU at /back-office/users; reads the orders of both units',
    { administrativeRoles: ['Sales user administrator'] },
  ),
  person(
    'sal',
    'Sal (salesperson, Sales EU)',
    'sales-eu',
    ['Salesperson'],
    'reads the orders Sal or the Sales EU team owns',
    {
      teams: ['sales-eu-team'],
    },
  ),
  person('ben', 'Ben (salesperson, Sales)', 'sales', ['Salesperson'], 'reads the orders Ben owns'),
  person('sue', 'Sue (support agent, Support)', 'support', ['Support agent'], 'reads every order'),
  person('nia', 'Nia (new hire, Sales)', 'sales', [], 'no role and no licence yet', { licensed: false }),
  person('ola', 'Ola (new hire, Sales EU)', 'sales-eu', [], 'no role and no licence yet', {
    licensed: false,
  }),
  ...[1, 2, 3, 4, 5].map((n) =>
    person(`sync-${n}`, `Sync ${n} (integration user, Sales)`, 'sales', ['Salesperson'], 'API only', {
      accessMode: 'non-interactive',
      licensed: false,
    }),
  ),
];

/** Seats bought for internal users: five, so the two new hires cannot both get one. */
export const SEATS_BOUGHT = 5;

/** Who owns each seeded order: Sal (Sales EU), Ben (Sales), Sue (Support). */
export const seedOrderOwners = [
  ['SO-1', 'sal', 'sales-eu'],
  ['SO-2', 'ben', 'sales'],
  ['SO-3', 'sue', 'support'],
] as const;

const statements = [
  `CREATE TABLE IF NOT EXISTS internal_user (
     id text PRIMARY KEY,
     name text NOT NULL,
     business_unit_id text NOT NULL,
     security_roles text[] NOT NULL DEFAULT '{}',
     teams text[] NOT NULL DEFAULT '{}',
     administrative_roles text[] NOT NULL DEFAULT '{}',
     access_mode text NOT NULL DEFAULT 'read-write',
     licensed boolean NOT NULL DEFAULT false,
     enabled boolean NOT NULL DEFAULT true,
     user_type text NOT NULL DEFAULT 'person',
     state text NOT NULL DEFAULT 'active',
     updated_at timestamptz NOT NULL DEFAULT now())`,
  // One row: the seats bought. Licence changes lock it, so two assignments never take the same last seat.
  `CREATE TABLE IF NOT EXISTS licence_pool (
     id integer PRIMARY KEY CHECK (id = 1),
     seats integer NOT NULL CHECK (seats >= 0))`,
  'ALTER TABLE sales_order ADD COLUMN IF NOT EXISTS owner_id text',
  'ALTER TABLE sales_order ADD COLUMN IF NOT EXISTS owning_business_unit text',
];

/** Creates the back office's tables and columns, and adds its staff, seats and order owners when missing. */
export async function migrateBackOffice(db: Database): Promise<void> {
  for (const statement of statements) await db.query(statement);
  await db.query('INSERT INTO licence_pool (id, seats) VALUES (1, $1) ON CONFLICT DO NOTHING', [
    SEATS_BOUGHT,
  ]);
  for (const [orderId, ownerId, unit] of seedOrderOwners) {
    await db.query(
      'UPDATE sales_order SET owner_id = $2, owning_business_unit = $3 WHERE id = $1 AND owner_id IS NULL',
      [orderId, ownerId, unit],
    );
  }
  for (const p of internalPersonas) {
    await db.query(
      `INSERT INTO internal_user (id, name, business_unit_id, security_roles, teams, administrative_roles,
         access_mode, licensed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        p.id,
        p.name,
        p.businessUnitId,
        [...p.securityRoles],
        [...p.teams],
        [...p.administrativeRoles],
        p.accessMode,
        p.licensed,
      ],
    );
  }
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const ACCESS_MODES: readonly string[] = ['read-write', 'read', 'administrative', 'non-interactive'];
const STATES: readonly string[] = ['active', 'blocked', 'disabled', 'deleted', 'purged'];

// A stored value the library does not know fails closed: an odd access mode reads as the least useful one.
function userFromRow(row: Row): InternalUser {
  return {
    kind: 'user',
    id: String(row.id),
    name: String(row.name),
    businessUnitId: String(row.business_unit_id),
    securityRoles: list(row.security_roles),
    teams: list(row.teams),
    administrativeRoles: list(row.administrative_roles),
    accessMode: (ACCESS_MODES.includes(String(row.access_mode)) ? row.access_mode : 'read') as AccessMode,
    licensed: row.licensed === true,
    enabled: row.enabled === true,
    userType: row.user_type === 'application' ? 'application' : row.user_type === 'stub' ? 'stub' : 'person',
    state: (STATES.includes(String(row.state)) ? row.state : 'disabled') as InternalUser['state'],
  };
}

const COLUMNS = `id, name, business_unit_id, security_roles, teams, administrative_roles, access_mode, licensed,
  enabled, user_type, state`;

/** Every internal user, by name. */
export async function loadUsers(db: Queryable): Promise<InternalUser[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM internal_user ORDER BY name, id`);
  return rows.map(userFromRow);
}

/** One internal user, locked for the rest of the transaction when `forUpdate`. */
export async function loadUser(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<InternalUser | undefined> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM internal_user WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? userFromRow(rows[0]) : undefined;
}

/** Writes the fields the back office changes: roles, licence, access mode. */
export async function saveUser(db: Queryable, user: InternalUser): Promise<void> {
  await db.query(
    `UPDATE internal_user SET security_roles = $2, licensed = $3, access_mode = $4, updated_at = now()
     WHERE id = $1`,
    [user.id, [...user.securityRoles], user.licensed, user.accessMode],
  );
}

/** The principal an internal user signs in as. */
export function principalOfUser(user: InternalUser): UserPrincipal {
  return {
    kind: 'user',
    id: user.id,
    businessUnitId: user.businessUnitId,
    securityRoles: [...user.securityRoles],
    teams: [...(user.teams ?? [])],
    ...(user.administrativeRoles.length > 0 ? { administrativeRoles: [...user.administrativeRoles] } : {}),
    accessMode: user.accessMode,
    enabled: user.enabled,
    licensed: user.licensed,
    userType: user.userType,
    state: user.state,
    // Pages are interactive sessions; a non-interactive user is refused there by the library.
    session: 'interactive',
  };
}
