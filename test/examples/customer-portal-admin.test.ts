import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// PGlite by default; PORTAL_TEST_DATABASE_URL runs the same tests on a PostgreSQL server (as CI does). Ids are
// unique per run, so a second run on the same server finds nothing of the first in its way.
const fresh = freshIds();

const portal = usePortalApp();

const as = (contactId: string) => ({ cookie: `portal_contact=${contactId}` });

function call(contactId: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return portal.app.inject({
    method,
    url,
    headers: contactId ? as(contactId) : {},
    ...(payload === undefined ? {} : { payload }),
  });
}

async function contactRow(id: string) {
  const { rows } = await portal.db.query(
    'SELECT id, state, web_roles, must_change_password, updated_at, deleted_at FROM contact WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function auditCount(): Promise<number> {
  const { rows } = await portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
  return rows[0]?.n ?? 0;
}

async function lastAudit() {
  const { rows } = await portal.db.query(
    'SELECT actor_id, type, target_id, outcome, message FROM audit_event ORDER BY id DESC LIMIT 1',
  );
  return rows[0];
}

/** Imports contacts of Customer X with no web role, as Pat, and returns their ids. */
async function importContacts(...names: string[]): Promise<string[]> {
  const ids = names.map(fresh);
  const csv = `id,accountId,legalEntity,webRoles\n${ids.map((id) => `${id},X,usmf,`).join('\n')}\n`;
  const response = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
  expect(response.statusCode, response.body).toBe(201);
  return ids;
}

describe('the administration console API, per persona', () => {
  it('a customer administrator lists the contacts of her own company she may manage, with state, web roles and last change', async () => {
    const response = await call('pat', 'GET', '/api/admin/contacts');
    expect(response.statusCode).toBe(200);
    const contacts = (response.json() as { contacts: { id: string; state: string; updatedAt: string }[] })
      .contacts;
    const ids = contacts.map((contact) => contact.id);
    expect(ids).toEqual(expect.arrayContaining(['jane', 'sam', 'rita', 'lee']));
    // May is of Customer Y, beyond the Customer administrator role's account limit.
    expect(ids).not.toContain('may');
    // Administrators (Alex, and Pat herself) are beyond the role's reach.
    expect(ids).not.toContain('admin');
    expect(ids).not.toContain('pat');
    expect(contacts.find((contact) => contact.id === 'jane')).toMatchObject({
      state: 'active',
      webRoles: ['Authorized user'],
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('a contact without an administrative role is refused the console with 403 and a reason', async () => {
    for (const [method, url] of [
      ['GET', '/api/admin/contacts'],
      ['GET', '/api/admin/audit'],
      ['POST', '/api/admin/contacts/sam/block'],
    ] as const) {
      const response = await call('jane', method, url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ error: 'not_an_administrator' });
    }
  });

  it('a visitor calling the console is asked to sign in (401), not refused as a non-administrator', async () => {
    for (const [method, url] of [
      ['GET', '/api/admin/contacts'],
      ['GET', '/api/admin/audit'],
      ['POST', '/api/admin/contacts/sam/block'],
      ['GET', '/api/admin/users'],
    ] as const) {
      const response = await call(undefined, method, url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ error: 'sign_in_required' });
    }
  });

  it('a target the administrator may not see answers 404, exactly like one that does not exist', async () => {
    const before = await auditCount();
    const hidden = await call('pat', 'POST', '/api/admin/contacts/admin/block');
    const missing = await call('pat', 'POST', '/api/admin/contacts/nobody/block');
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(Object.keys(hidden.json() as object)).toEqual(Object.keys(missing.json() as object));
    expect((await contactRow('admin'))?.state).toBe('active');
    expect(await auditCount()).toBe(before + 2);
    expect(await lastAudit()).toMatchObject({ actor_id: 'pat', outcome: 'refused', target_id: 'nobody' });
  });

  it('a body the console cannot use answers 400 naming the field', async () => {
    const noContacts = await call('pat', 'POST', '/api/admin/invitations', { webRoles: [] });
    expect(noContacts.statusCode).toBe(400);
    expect(noContacts.json()).toMatchObject({ error: 'invalid_body', field: 'contactIds' });
    const notAList = await call('pat', 'PUT', '/api/admin/contacts/jane/web-roles', { webRoles: 'x' });
    expect(notAList.json()).toMatchObject({ error: 'invalid_body', field: 'webRoles' });
    const unknownRole = await call('pat', 'PUT', '/api/admin/contacts/jane/web-roles', {
      webRoles: ['Authorized user', 'Superuser'],
    });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json()).toMatchObject({ error: 'invalid_lifecycle_input', field: 'role' });
  });
});

describe('inviting and redeeming', () => {
  it('an invitation code is shown once, stored as its hash only, and redeeming it signs the invitee in', async () => {
    const [invitee] = await importContacts('invitee');
    const created = await call('pat', 'POST', '/api/admin/invitations', {
      contactIds: [invitee],
      webRoles: ['Authorized user'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { code, invitation } = created.json() as { code: string; invitation: { id: string } };
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const { rows } = await portal.db.query(
      'SELECT code_hash, data::text AS data FROM invitation WHERE id = $1',
      [invitation.id],
    );
    expect(rows[0]?.code_hash).toBe(createHash('sha256').update(code).digest('hex'));
    expect(String(rows[0]?.data)).not.toContain(code);

    const redeemed = await call(undefined, 'POST', '/api/invitations/redeem', { code });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    expect(String(redeemed.headers['set-cookie'])).toContain(`portal_contact=${invitee}`);
    expect((await contactRow(invitee as string))?.web_roles).toEqual(['Authorized user']);
    const me = await call(invitee, 'GET', '/api/me');
    expect(me.json()).toMatchObject({
      principal: { webRoles: ['Authorized user'], registeredVia: 'invitation' },
    });
    expect((await call(invitee, 'GET', '/api/orders')).statusCode).toBe(200);
  });

  it('two concurrent redemptions of one single invitation give exactly one success', async () => {
    const [invitee] = await importContacts('racer');
    const created = await call('pat', 'POST', '/api/admin/invitations', {
      contactIds: [invitee],
      webRoles: ['Authorized user'],
    });
    const { code, invitation } = created.json() as { code: string; invitation: { id: string } };
    const results = await Promise.all(
      [1, 2, 3].map(() => call(undefined, 'POST', '/api/invitations/redeem', { code })),
    );
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 403, 403]);
    const { rows } = await portal.db.query(
      `SELECT redemptions, (SELECT count(*)::int FROM audit_event
         WHERE type = 'invitation.redeemed' AND target_id = $1 AND outcome = 'accepted') AS accepted
       FROM invitation WHERE id = $1`,
      [invitation.id],
    );
    expect(rows[0]).toEqual({ redemptions: 1, accepted: 1 });
  });

  it('a wrong code is refused with 403 and the library’s reason', async () => {
    const response = await call(undefined, 'POST', '/api/invitations/redeem', { code: 'not-a-code' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'invitation_code_mismatch' });
  });

  it('an invitation handing out a web role the administrator does not hold is refused, and nothing is stored', async () => {
    const { rows: before } = await portal.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM invitation',
    );
    const response = await call('pat', 'POST', '/api/admin/invitations', {
      contactIds: ['lee'],
      webRoles: ['Administrator'],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'web_role_elevation' });
    const { rows: after } = await portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invitation');
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});

describe('changing web roles and account states', () => {
  it('an administrator gives a web role she holds, and is refused one she does not (no elevation)', async () => {
    const [contact] = await importContacts('roles');
    const given = await call('pat', 'PUT', `/api/admin/contacts/${contact}/web-roles`, {
      webRoles: ['Customer representative'],
    });
    expect(given.statusCode, given.body).toBe(200);
    expect((await contactRow(contact as string))?.web_roles).toEqual(['Customer representative']);

    const row = await contactRow(contact as string);
    const events = await auditCount();
    const refused = await call('pat', 'PUT', `/api/admin/contacts/${contact}/web-roles`, {
      webRoles: ['Authorized user', 'Administrator'],
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: 'web_role_elevation',
      message: expect.stringContaining('Administrator'),
    });
    // The removal and the assignment before the refused one were rolled back with it: only the audit line remains.
    expect(await contactRow(contact as string)).toEqual(row);
    expect(await auditCount()).toBe(events + 1);
    expect(await lastAudit()).toMatchObject({
      actor_id: 'pat',
      type: 'contact.webRoles',
      target_id: contact,
      outcome: 'refused',
    });
  });

  it('block, unblock, reset password, delete and restore each change the contact and leave an audit line', async () => {
    const [contact] = await importContacts('states');
    const id = contact as string;
    const act = (action: string) => call('pat', 'POST', `/api/admin/contacts/${id}/${action}`);

    expect((await act('block')).json()).toMatchObject({ contact: { state: 'blocked' } });
    const signIn = await portal.app.inject({ method: 'POST', url: '/sign-in', payload: { contactId: id } });
    expect(signIn.statusCode).toBe(403);
    const twice = await act('block');
    expect(twice.statusCode).toBe(403);
    expect(twice.json()).toMatchObject({ error: 'invalid_account_transition' });
    expect((await act('unblock')).json()).toMatchObject({ contact: { state: 'active' } });
    expect((await act('reset-password')).json()).toMatchObject({ contact: { mustChangePassword: true } });
    // At the next sign-in the contact must choose a new password first; until then it sees only its own row.
    const reset = await portal.app.inject({ method: 'POST', url: '/sign-in', payload: { contactId: id } });
    expect(reset.headers.location).toBe('/account/password');
    expect((await call(id, 'GET', '/api/me')).json()).toMatchObject({
      principal: { mustChangePassword: true },
    });
    const changed = await portal.app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { ...as(id), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'password=correct-horse',
    });
    expect(changed.headers.location).toBe('/orders');
    expect((await contactRow(id))?.must_change_password).toBe(false);

    const deleted = (await act('delete')).json() as { contact: { state: string; restorableUntil: string } };
    expect(deleted.contact.state).toBe('deleted');
    const days = (Date.parse(deleted.contact.restorableUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect((await act('restore')).json()).toMatchObject({ contact: { state: 'active' } });
    expect((await contactRow(id))?.deleted_at).toBeNull();

    const audit = (await call('pat', 'GET', '/api/admin/audit')).json() as {
      events: { actorId: string; targetId: string; type: string; outcome: string; at: string }[];
    };
    const mine = audit.events.filter((event) => event.targetId === id).map((event) => event.type);
    expect(mine).toEqual(
      expect.arrayContaining([
        'account.signInBlocked',
        'account.signInUnblocked',
        'account.passwordReset',
        'account.passwordChanged',
        'account.deleted',
        'account.restored',
        'contact.block',
      ]),
    );
  });
});

describe('importing contacts from CSV', () => {
  const good = (id: string) => `${id},X,usmf,Authorized user`;

  it('the preview lists every bad row by line and column, and the import writes nothing', async () => {
    const ids = [fresh('a'), fresh('b'), fresh('c')];
    const csv = [
      'id,accountId,legalEntity,webRoles,state',
      `${good(ids[0] as string)},active`,
      `${ids[1]},Z,usmf,Authorized user,active`,
      `${ids[2]},X,usmf,Administrator,sleeping`,
    ].join('\n');
    const preview = await call('pat', 'POST', '/api/admin/contacts/import/preview', { csv });
    expect(preview.statusCode).toBe(200);
    const body = preview.json() as { valid: boolean; issues: { line: number; column: string }[] };
    expect(body.valid).toBe(false);
    expect(body.issues.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'accountId' },
      { line: 4, column: 'state' },
      { line: 4, column: 'webRoles' },
    ]);
    const imported = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
    expect(imported.statusCode).toBe(400);
    for (const id of ids) expect(await contactRow(id)).toBeUndefined();
  });

  it('rows that are well-formed but refused (unknown account, a web role beyond the importer) are listed too', async () => {
    const ids = [fresh('d'), fresh('e'), fresh('f')];
    const csv = [
      'id,accountId,legalEntity,webRoles',
      good(ids[0] as string),
      `${ids[1]},Z,usmf,Authorized user`,
      `${ids[2]},X,usmf,Administrator`,
    ].join('\n');
    const response = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: string; issues: { line: number; column: string }[] };
    expect(body.error).toBe('invalid_import');
    expect(body.issues.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'accountId' },
      { line: 4, column: 'webRoles' },
    ]);
    for (const id of ids) expect(await contactRow(id)).toBeUndefined();
  });

  it('a valid file is imported in one go, and the contacts appear in the console', async () => {
    const ids = [fresh('g'), fresh('h')];
    const csv = `id,accountId,legalEntity,webRoles\n${ids.map(good).join('\n')}\n`;
    const response = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ imported: ids });
    const listed = (await call('pat', 'GET', '/api/admin/contacts')).json() as { contacts: { id: string }[] };
    expect(listed.contacts.map((contact) => contact.id)).toEqual(expect.arrayContaining(ids));
    expect((await contactRow(ids[0] as string))?.web_roles).toEqual(['Authorized user']);
  });
});

describe('importing a Partner Center template file', () => {
  it('is refused once, at its header, saying which columns the console needs, and writes nothing', async () => {
    const email = `${fresh('pc')}@example.com`;
    const csv = `First name,Last name,Display name,Email\nAda,Lovelace,Ada Lovelace,${email}\n`;
    const preview = await call('pat', 'POST', '/api/admin/contacts/import/preview', { csv });
    expect(preview.statusCode).toBe(200);
    const body = preview.json() as {
      valid: boolean;
      issues: { line: number; code: string; message: string }[];
    };
    expect(body.valid).toBe(false);
    expect(body.issues).toEqual([
      expect.objectContaining({
        line: 1,
        code: 'template_without_account',
        message: expect.stringMatching(/accountId/),
      }),
    ]);
    const imported = await call('pat', 'POST', '/api/admin/contacts/import', { csv });
    expect(imported.statusCode).toBe(400);
    expect(await contactRow(email)).toBeUndefined();
  });
});
