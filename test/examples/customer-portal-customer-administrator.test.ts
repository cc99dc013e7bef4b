import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// Pat is Customer X's own administrator (Customer administrator + Contact importer, both `account: 'own'`);
// Alex is the seller's site operator (the built-in Portal administrator, every company). Ids are fresh per run,
// so the suite also runs on a shared PostgreSQL server (PORTAL_TEST_DATABASE_URL).
const fresh = freshIds();

const portal = usePortalApp();

function call(contactId: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return portal.app.inject({
    method,
    url,
    headers: contactId ? { cookie: `portal_contact=${contactId}` } : {},
    ...(payload === undefined ? {} : { payload }),
  });
}

/** A contact of Customer Y with the Authorized user role, written as the seller's own data would be. */
async function customerYContact(name: string): Promise<string> {
  const id = fresh(name);
  await portal.db.query(
    `INSERT INTO contact (id, name, account_id, legal_entity, web_roles) VALUES ($1, $1, 'Y', 'usmf', $2)`,
    [id, ['Authorized user']],
  );
  return id;
}

async function contactRow(id: string) {
  const { rows } = await portal.db.query(
    'SELECT state, web_roles, account_id, must_change_password, deleted_at FROM contact WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function invitationCount(): Promise<number> {
  const { rows } = await portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invitation');
  return rows[0]?.n ?? 0;
}

describe("a customer administrator never reaches another customer's contacts", () => {
  it('does not list a contact of Customer Y', async () => {
    const may = await customerYContact('list');
    const listed = (await call('pat', 'GET', '/api/admin/contacts')).json() as { contacts: { id: string }[] };
    expect(listed.contacts.map((contact) => contact.id)).not.toContain(may);
    expect(listed.contacts.map((contact) => contact.id)).toContain('jane');
  });

  it('opening a contact of Customer Y answers 404, as for one that does not exist', async () => {
    const may = await customerYContact('open');
    const opened = await call('pat', 'GET', `/api/admin/contacts/${may}`);
    const missing = await call('pat', 'GET', `/api/admin/contacts/${fresh('nobody')}`);
    expect(opened.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(Object.keys(opened.json() as object)).toEqual(Object.keys(missing.json() as object));
  });

  it('cannot re-role, reset, block or delete a contact of Customer Y: 404 and the row unchanged', async () => {
    const may = await customerYContact('change');
    const before = await contactRow(may);
    const attempts = [
      call('pat', 'PUT', `/api/admin/contacts/${may}/web-roles`, { webRoles: ['Customer representative'] }),
      call('pat', 'POST', `/api/admin/contacts/${may}/reset-password`),
      call('pat', 'POST', `/api/admin/contacts/${may}/block`),
      call('pat', 'POST', `/api/admin/contacts/${may}/delete`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not_found' });
    }
    expect(await contactRow(may)).toEqual(before);
  });

  it('cannot import contacts into Customer Y: the row is refused on its account, nothing written', async () => {
    const [ours, theirs] = [fresh('import-x'), fresh('import-y')];
    const csv = `id,accountId,legalEntity,webRoles\n${ours},X,usmf,Authorized user\n${theirs},Y,usmf,Authorized user\n`;
    const response = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { issues: { line: number; column: string; code: string }[] };
    expect(body.issues).toEqual([expect.objectContaining({ line: 3, column: 'accountId' })]);
    expect(await contactRow(ours)).toBeUndefined();
    expect(await contactRow(theirs)).toBeUndefined();
  });

  it('cannot invite her own contact into Customer Y (403, nothing stored), so that contact orders nothing for Y', async () => {
    const lee = fresh('lee');
    await portal.db.query(
      `INSERT INTO contact (id, name, account_id, legal_entity) VALUES ($1, $1, 'X', 'usmf')`,
      [lee],
    );
    const stored = await invitationCount();
    const invited = await call('pat', 'POST', '/api/admin/invitations', {
      contactIds: [lee],
      webRoles: ['Authorized user'],
      accountId: 'Y',
    });
    expect(invited.statusCode, invited.body).toBe(403);
    expect(await invitationCount()).toBe(stored);
    expect(await contactRow(lee)).toMatchObject({ account_id: 'X', web_roles: [] });

    // Invited into her own company, Lee places orders for Customer X and never for Customer Y.
    const own = await call('pat', 'POST', '/api/admin/invitations', {
      contactIds: [lee],
      webRoles: ['Authorized user'],
    });
    expect(own.statusCode, own.body).toBe(201);
    const redeemed = await call(undefined, 'POST', '/api/invitations/redeem', {
      code: (own.json() as { code: string }).code,
    });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    const forY = await call(lee, 'POST', '/api/orders', {
      customerAccount: 'Y',
      lines: [{ item: 'Stapler', quantity: 1 }],
    });
    expect(forY.statusCode).toBe(403);
    const { rows } = await portal.db.query('SELECT 1 FROM sales_order WHERE ordered_by = $1', [lee]);
    expect(rows).toEqual([]);
    const forX = await call(lee, 'POST', '/api/orders', { lines: [{ item: 'Stapler', quantity: 1 }] });
    expect(forX.statusCode, forX.body).toBe(201);
  });
});

describe('the site operator reaches the contacts of every company', () => {
  it('lists, blocks and unblocks a contact of Customer Y', async () => {
    const may = await customerYContact('operator');
    const listed = (await call('admin', 'GET', '/api/admin/contacts')).json() as {
      contacts: { id: string }[];
    };
    expect(listed.contacts.map((contact) => contact.id)).toEqual(expect.arrayContaining([may, 'jane']));
    expect((await call('admin', 'POST', `/api/admin/contacts/${may}/block`)).statusCode).toBe(200);
    expect((await contactRow(may))?.state).toBe('blocked');
    expect((await call('admin', 'POST', `/api/admin/contacts/${may}/unblock`)).statusCode).toBe(200);
    expect((await contactRow(may))?.state).toBe('active');
  });

  it('hands out Unauthorized user, so a change to a contact can be undone in the console', async () => {
    const may = await customerYContact('demote');
    const demoted = await call('admin', 'PUT', `/api/admin/contacts/${may}/web-roles`, {
      webRoles: ['Unauthorized user'],
    });
    expect(demoted.statusCode, demoted.body).toBe(200);
    expect((await contactRow(may))?.web_roles).toEqual(['Unauthorized user']);
  });
});
