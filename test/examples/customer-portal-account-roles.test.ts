import { describe, expect, it } from 'vitest';
import { loadContact } from '../../examples/customer-portal/session.js';
import { freshIds, usePortalApp } from './portal-app.js';

// PGlite by default; PORTAL_TEST_DATABASE_URL runs the same tests on a PostgreSQL server. The account and
// its contact are unique per run, so a shared server keeps the seed's accounts as they were.
const { run } = freshIds();
const account = `acct-${run}`;
const member = `member-${run}`;

const portal = usePortalApp({
  prepare: async ({ db }) => {
    await db.query(
      "INSERT INTO customer_account (legal_entity, account_number, name) VALUES ('usmf', $1, 'Customer Z')",
      [account],
    );
    await db.query(
      "INSERT INTO contact (id, name, account_id, legal_entity, web_roles) VALUES ($1, $1, $2, 'usmf', '{}')",
      [member, account],
    );
  },
});

function call(
  contactId: string | undefined,
  method: 'GET' | 'PUT',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return portal.app.inject({
    method,
    url,
    headers: { ...(contactId ? { cookie: `portal_contact=${contactId}` } : {}), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
}

const rolesUrl = (id: string) => `/api/admin/accounts/usmf/${id}/web-roles`;

async function storedRoles(id: string): Promise<string[]> {
  const { rows } = await portal.db.query(
    "SELECT web_roles FROM customer_account WHERE legal_entity = 'usmf' AND account_number = $1",
    [id],
  );
  return (rows[0]?.web_roles as string[] | undefined) ?? [];
}

describe("the console shows and edits a company's account web roles", () => {
  it('the site administrator sees every account with its roles; a customer administrator her own only', async () => {
    const alex = await call('admin', 'GET', '/api/admin/accounts');
    expect(alex.statusCode, alex.body).toBe(200);
    const all = (alex.json() as { accounts: { id: string; webRoles: string[] }[] }).accounts;
    expect(all.map((entry) => entry.id)).toEqual(expect.arrayContaining(['X', 'Y', account]));
    expect(all.find((entry) => entry.id === account)?.webRoles).toEqual([]);
    const pat = await call('pat', 'GET', '/api/admin/accounts');
    expect((pat.json() as { accounts: { id: string }[] }).accounts.map((entry) => entry.id)).toEqual(['X']);
    // Another company's account answers as an unknown one does.
    const foreign = await call('pat', 'GET', `/api/admin/accounts/usmf/${account}`);
    expect(foreign.statusCode).toBe(404);
    expect((await call('pat', 'GET', '/api/admin/accounts/usmf/nowhere')).statusCode).toBe(404);
  });

  it('adding a role to an account reaches its contacts, and removing it takes it back', async () => {
    const added = await call('admin', 'PUT', rolesUrl(account), { webRoles: ['Unauthorized user'] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ account: { id: account, webRoles: ['Unauthorized user'] } });
    expect(await storedRoles(account)).toEqual(['Unauthorized user']);
    // The contact signs in holding the account's role.
    expect((await loadContact(portal.db, member))?.principal).toMatchObject({
      accountWebRoles: ['Unauthorized user'],
    });
    const { rows } = await portal.db.query(
      'SELECT actor_id, type, outcome FROM audit_event WHERE target_id = $1 ORDER BY id DESC LIMIT 1',
      [account],
    );
    expect(rows[0]).toMatchObject({
      actor_id: 'admin',
      type: 'accountWebRole.assigned',
      outcome: 'accepted',
    });

    const removed = await call('admin', 'PUT', rolesUrl(account), { webRoles: [] });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await storedRoles(account)).toEqual([]);
  });

  it('Pat cannot give her company a role she cannot grant: 403, and nothing is stored', async () => {
    const before = await storedRoles('X');
    const refused = await call('pat', 'PUT', rolesUrl('X'), { webRoles: [...before, 'Administrator'] });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'web_role_elevation' });
    expect(await storedRoles('X')).toEqual(before);
  });

  it('Pat cannot change the roles of an account one of whose contacts is an administrator (herself): 403', async () => {
    const refused = await call('pat', 'PUT', rolesUrl('X'), { webRoles: ['Authorized user'] });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'operation_not_allowed' });
    expect(await storedRoles('X')).toEqual([]);
  });

  it('ids and names are checked at the edge, and a cross-site change is refused, writing nothing', async () => {
    const badId = await call('admin', 'PUT', '/api/admin/accounts/usmf/bad%20id/web-roles', { webRoles: [] });
    expect(badId.statusCode).toBe(400);
    const nul = await call('admin', 'PUT', rolesUrl(account), { webRoles: ['Unauthorized\u0000user'] });
    expect(nul.statusCode, nul.body).toBe(400);
    const notAList = await call('admin', 'PUT', rolesUrl(account), { webRoles: 'Unauthorized user' });
    expect(notAList.json()).toMatchObject({ error: 'invalid_body', field: 'webRoles' });
    const unknown = await call('admin', 'PUT', rolesUrl(account), { webRoles: ['Superuser'] });
    expect(unknown.statusCode, unknown.body).toBe(400);
    const crossSite = await call(
      'admin',
      'PUT',
      rolesUrl(account),
      { webRoles: ['Unauthorized user'] },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.statusCode, crossSite.body).toBe(403);
    expect(await storedRoles(account)).toEqual([]);
  });

  it('a visitor is asked to sign in, a contact without an administrative role is refused', async () => {
    expect((await call(undefined, 'GET', '/api/admin/accounts')).statusCode).toBe(401);
    expect((await call('jane', 'GET', '/api/admin/accounts')).statusCode).toBe(403);
  });

  it('the console pages show the accounts and change their roles after a confirmation; a refusal is a 403 page', async () => {
    const form = (contactId: string, url: string, body: string) =>
      portal.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: `portal_contact=${contactId}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: body,
      });
    const page = `/admin/accounts/usmf/${account}/web-roles`;
    const list = await call('admin', 'GET', '/admin/accounts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`data-account-id="${account}"`);
    const review = await form('admin', page, 'role%3AUnauthorized+user=on');
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Add: Unauthorized user');
    expect(await storedRoles(account)).toEqual([]);
    const confirmed = await form('admin', page, 'role%3AUnauthorized+user=on&confirm=yes');
    expect(confirmed.statusCode).toBe(303);
    expect(await storedRoles(account)).toEqual(['Unauthorized user']);
    const cleared = await form('admin', page, 'confirm=yes');
    expect(cleared.statusCode).toBe(303);
    expect(await storedRoles(account)).toEqual([]);
    const refused = await form(
      'pat',
      '/admin/accounts/usmf/X/web-roles',
      'role%3AAdministrator=on&confirm=yes',
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('data-testid="refusal"');
    expect((await call('pat', 'GET', page)).statusCode).toBe(404);
  });
});
