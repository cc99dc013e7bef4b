import type { Database } from '../db/database.js';

/**
 * What the administration console adds to the portal's tables: the contact's account state beside its roles,
 * the invitations (only the hash of each code) and the audit log. Every statement is idempotent, so it runs
 * on every start, on new and on existing databases alike.
 */
const statements = [
  "ALTER TABLE contact ADD COLUMN IF NOT EXISTS administrative_roles text[] NOT NULL DEFAULT '{}'",
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS must_change_password boolean NOT NULL DEFAULT false',
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS registered_via text',
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now()',
  // The deletion record restoreAccount needs: when, until when, and the state a restore brings back.
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS deleted_at timestamptz',
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS restorable_until timestamptz',
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS previous_state text',
  `CREATE TABLE IF NOT EXISTS invitation (
     id text PRIMARY KEY,
     code_hash text NOT NULL UNIQUE,
     redemptions integer NOT NULL DEFAULT 0,
     data jsonb NOT NULL,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS audit_event (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     actor_id text,
     type text NOT NULL,
     target_id text,
     outcome text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
     message text,
     details jsonb NOT NULL DEFAULT '{}')`,
  'CREATE INDEX IF NOT EXISTS audit_event_at ON audit_event (at DESC, id DESC)',
];

/** The contacts the console needs besides the documented personas. */
export const administrationPersonas = [
  {
    id: 'pat',
    name: 'Pat (customer administrator, Customer X)',
    accountId: 'X',
    legalEntity: 'usmf',
    // A contact hands out only web roles it holds itself: Pat can give these two, never Administrator.
    webRoles: ['Customer representative', 'Authorized user'],
    administrativeRoles: ['Customer administrator', 'Contact importer'],
    expectation:
      "customer administrator: manages Customer X's contacts at /admin/contacts, no other company's; sees every order of Customer X",
  },
  {
    id: 'lee',
    name: 'Lee (new contact, Customer X, not yet invited)',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: [],
    administrativeRoles: [],
    expectation: 'has no web role until an invitation is redeemed',
  },
] as const;

/** Creates the console's tables and columns, and adds its personas when missing. */
export async function migrateAdministration(db: Database): Promise<void> {
  for (const statement of statements) await db.query(statement);
  // Alex is the site operator: the built-in Portal administrator reaches the contacts of every company, and
  // holding it makes him an administrator, whom no contact administrator can block, reset or delete. He holds
  // Unauthorized user (which grants nothing) so that someone can hand that role back out in the console.
  await db.query(
    `UPDATE contact SET administrative_roles = '{Portal administrator}'
     WHERE id = 'admin' AND administrative_roles = '{}'`,
  );
  await db.query(
    `UPDATE contact SET web_roles = web_roles || '{Unauthorized user}'
     WHERE id = 'admin' AND NOT ('Unauthorized user' = ANY (web_roles))`,
  );
  // Databases seeded when Pat held the site-wide role: a customer's administrator reaches her own company only.
  await db.query(
    `UPDATE contact SET administrative_roles = array_replace(administrative_roles, 'Portal administrator',
       'Customer administrator') WHERE id = 'pat'`,
  );
  for (const persona of administrationPersonas) {
    await db.query(
      `INSERT INTO contact (id, name, account_id, legal_entity, web_roles, administrative_roles)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [
        persona.id,
        persona.name,
        persona.accountId,
        persona.legalEntity,
        [...persona.webRoles],
        [...persona.administrativeRoles],
      ],
    );
  }
}
