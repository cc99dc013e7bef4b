import type { Database } from './db/database.js';

/** A person you can sign in as, and what the documentation says they should see. */
export interface Persona {
  readonly id: string;
  readonly name: string;
  readonly accountId: string | null;
  readonly legalEntity: string;
  readonly webRoles: readonly string[];
  /** One line for the sign-in page and the console. */
  readonly expectation: string;
}

/** The people of the Customer portal documentation (Customer X: Jane, Sam, Rita; Customer Y: May) and an administrator. */
export const personas: readonly Persona[] = [
  {
    id: 'admin',
    name: 'Alex (site operator)',
    accountId: null,
    legalEntity: 'usmf',
    // Unauthorized user grants nothing; holding it lets Alex hand it out in the console (a web role is handed
    // out only by a contact who holds it).
    webRoles: ['Administrator', 'Unauthorized user'],
    expectation:
      "the seller's site operator: sees every order; manages the contacts of every company at /admin/contacts",
  },
  {
    id: 'rita',
    name: 'Rita (customer representative, Customer X)',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Customer representative'],
    expectation: 'sees every order of Customer X, places none',
  },
  {
    id: 'jane',
    name: 'Jane (authorized user, Customer X)',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
    expectation: 'sees only the orders she placed; places orders for Customer X',
  },
  {
    id: 'sam',
    name: 'Sam (authorized user, Customer X)',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
    expectation: 'sees only the orders he placed; places orders for Customer X',
  },
  {
    id: 'may',
    name: 'May (unauthorized user, Customer Y)',
    accountId: 'Y',
    legalEntity: 'usmf',
    webRoles: ['Unauthorized user'],
    expectation: 'sees no orders, not even her own; reads the public terms',
  },
];

/** The orders of the documented visibility table, each with one line. */
export const seedOrders = [
  {
    id: 'SO-1',
    customerAccount: 'X',
    company: 'usmf',
    orderedBy: 'jane',
    item: 'Surface Pro',
    quantity: 2,
    total: '2398.00',
  },
  {
    id: 'SO-2',
    customerAccount: 'X',
    company: 'usmf',
    orderedBy: 'sam',
    item: 'Office chair',
    quantity: 4,
    total: '996.00',
  },
  {
    id: 'SO-3',
    customerAccount: 'Y',
    company: 'usmf',
    orderedBy: 'may',
    item: 'Desk lamp',
    quantity: 1,
    total: '39.00',
  },
] as const;

const seedTerms = [
  [
    'terms-of-sale',
    'Terms of sale',
    'Orders are confirmed when placed and shipped within five working days. Prices exclude VAT.',
  ],
  ['privacy', 'Privacy notice', 'We keep the contact details you give us only to process your orders.'],
] as const;

const schema = [
  `CREATE TABLE IF NOT EXISTS customer_account (
     legal_entity text NOT NULL,
     account_number text NOT NULL,
     name text NOT NULL,
     PRIMARY KEY (legal_entity, account_number))`,
  `CREATE TABLE IF NOT EXISTS contact (
     id text PRIMARY KEY,
     name text NOT NULL,
     account_id text,
     legal_entity text,
     web_roles text[] NOT NULL DEFAULT '{}',
     state text NOT NULL DEFAULT 'active')`,
  `CREATE TABLE IF NOT EXISTS sales_order (
     id text PRIMARY KEY,
     customer_account text,
     company text,
     ordered_by text,
     status text NOT NULL DEFAULT 'Confirmed',
     total text,
     created_at timestamptz NOT NULL DEFAULT now())`,
  // The web roles linked to an account, which its contacts hold too (D41); the console edits them.
  "ALTER TABLE customer_account ADD COLUMN IF NOT EXISTS web_roles text[] NOT NULL DEFAULT '{}'",
  // Databases created before order totals existed get the column too.
  'ALTER TABLE sales_order ADD COLUMN IF NOT EXISTS total text',
  'CREATE INDEX IF NOT EXISTS sales_order_customer ON sales_order (customer_account, company)',
  'CREATE INDEX IF NOT EXISTS sales_order_orderer ON sales_order (ordered_by)',
  `CREATE TABLE IF NOT EXISTS sales_order_line (
     id text PRIMARY KEY,
     sales_order_id text NOT NULL REFERENCES sales_order (id),
     item text NOT NULL,
     quantity integer NOT NULL CHECK (quantity > 0))`,
  'CREATE INDEX IF NOT EXISTS sales_order_line_order ON sales_order_line (sales_order_id)',
  `CREATE TABLE IF NOT EXISTS sales_order_follower (
     sales_order_id text NOT NULL REFERENCES sales_order (id),
     contact_id text NOT NULL,
     PRIMARY KEY (sales_order_id, contact_id))`,
  'CREATE INDEX IF NOT EXISTS sales_order_follower_contact ON sales_order_follower (contact_id)',
  'CREATE SEQUENCE IF NOT EXISTS sales_order_number START 1001',
  `CREATE TABLE IF NOT EXISTS terms (
     id text PRIMARY KEY,
     title text NOT NULL,
     body text NOT NULL)`,
];

/**
 * Creates the tables when missing and, on first start (no contacts yet), inserts the seed data. Every
 * insert is idempotent and contacts go last, so a seed interrupted half-way simply completes next time
 * (the adapter has no transactions: a `pg` pool may run each statement on another connection).
 */
export async function migrateAndSeed(db: Database): Promise<{ seeded: boolean }> {
  for (const statement of schema) await db.query(statement);
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM contact');
  if ((rows[0]?.count ?? 0) > 0) return { seeded: false };

  await db.query(
    `INSERT INTO customer_account (legal_entity, account_number, name) VALUES
       ('usmf', 'X', 'Customer X'), ('usmf', 'Y', 'Customer Y') ON CONFLICT DO NOTHING`,
  );
  for (const order of seedOrders) {
    await db.query(
      'INSERT INTO sales_order (id, customer_account, company, ordered_by, total) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [order.id, order.customerAccount, order.company, order.orderedBy, order.total],
    );
    await db.query(
      'INSERT INTO sales_order_line (id, sales_order_id, item, quantity) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [`${order.id}-1`, order.id, order.item, order.quantity],
    );
  }
  for (const [id, title, body] of seedTerms) {
    await db.query('INSERT INTO terms (id, title, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      id,
      title,
      body,
    ]);
  }
  for (const persona of personas) {
    await db.query(
      'INSERT INTO contact (id, name, account_id, legal_entity, web_roles) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [persona.id, persona.name, persona.accountId, persona.legalEntity, [...persona.webRoles]],
    );
  }
  return { seeded: true };
}
