import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// PGlite by default; PORTAL_TEST_DATABASE_URL runs the same tests on a PostgreSQL server. Addresses and ids are
// unique per run, so a second run on the same server finds nothing of the first in its way.
const { run } = freshIds();
const address = (name: string) => `${name}.${run}@example.com`;

const portal = usePortalApp();

function call(contactId: string | undefined, url: string, payload: unknown) {
  return portal.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      ...(contactId ? { cookie: `portal_contact=${contactId}` } : {}),
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const invite = (actor: string, body: object) => call(actor, '/api/admin/invitations/newcomers', body);
const register = (body: object, as?: string) => call(as, '/api/invitations/register', body);

async function codeFor(actor: string, body: object): Promise<string> {
  const response = await invite(actor, body);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { code: string }).code;
}

describe('inviting people who are not contacts yet, in the example portal', () => {
  it('a customer administrator invites an address; the visitor registers into her company with the roles, and only the hash is kept', async () => {
    const response = await invite('pat', { emails: [address('nina')], webRoles: ['Authorized user'] });
    expect(response.statusCode, response.body).toBe(201);
    const { code, invitation } = response.json() as { code: string; invitation: Record<string, unknown> };
    expect(invitation).toMatchObject({
      type: 'single',
      invitedEmails: [address('nina')],
      accountId: 'X',
      legalEntity: 'usmf',
    });
    expect(response.body).not.toContain('codeHash');
    const { rows } = await portal.db.query(
      'SELECT code_hash, data::text AS data FROM invitation WHERE id = $1',
      [invitation.id],
    );
    expect(rows[0]?.code_hash).toBe(createHash('sha256').update(code).digest('hex'));
    expect(String(rows[0]?.data)).not.toContain(code);

    const registered = await register({ code, email: `  ${address('nina').toUpperCase()} `, name: 'Nina' });
    expect(registered.statusCode, registered.body).toBe(201);
    const { contact } = registered.json() as {
      contact: { id: string; accountId: string; legalEntity: string; webRoles: string[]; state: string };
    };
    expect(contact).toMatchObject({
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
      state: 'active',
    });
    expect(registered.headers['set-cookie']).toContain(`portal_contact=${contact.id}`);
    const stored = await portal.db.query('SELECT email, registered_via FROM contact WHERE id = $1', [
      contact.id,
    ]);
    expect(stored.rows[0]).toEqual({ email: address('nina'), registered_via: 'invitation' });

    const again = await register({ code, email: address('nina') });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ error: 'invitation_already_redeemed' });
    const other = await register({ code, email: address('eve') });
    expect(other.json()).toMatchObject({ error: 'invitation_exhausted' });
  });

  it('a group code registers up to maxRedemptions new people, one per address', async () => {
    const code = await codeFor('pat', { type: 'group', maxRedemptions: 2, webRoles: ['Authorized user'] });
    expect((await register({ code, email: address('gus') })).statusCode).toBe(201);
    const twice = await register({ code, email: address('GUS') });
    expect([twice.statusCode, twice.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'invitation_already_redeemed' }),
    ]);
    expect((await register({ code, email: address('hal') })).statusCode).toBe(201);
    const third = await register({ code, email: address('ivy') });
    expect([third.statusCode, third.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'invitation_exhausted' }),
    ]);
  });

  it('two registrations at once for the last place: exactly one contact is created', async () => {
    const code = await codeFor('pat', { type: 'group', maxRedemptions: 1 });
    const responses = await Promise.all([
      register({ code, email: address('jo') }),
      register({ code, email: address('kim') }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 403]);
    const { rows } = await portal.db.query('SELECT count(*)::int AS n FROM contact WHERE email IN ($1, $2)', [
      address('jo'),
      address('kim'),
    ]);
    expect(rows[0]?.n).toBe(1);
  });

  it('a signed-in contact of another company cannot take an email invitation', async () => {
    const code = await codeFor('pat', { emails: [address('lia')] });
    const response = await register({ code, email: address('lia') }, 'may');
    expect([response.statusCode, response.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'invitation_newcomers_only' }),
    ]);
  });

  it('the inviter cannot reach another company, another legal entity, or roles she does not hold', async () => {
    for (const body of [
      { emails: [address('mo')], accountId: 'Y', legalEntity: 'usmf' },
      { emails: [address('mo')], accountId: 'X', legalEntity: 'demf' },
      { emails: [address('mo')], webRoles: ['Administrator'] },
    ]) {
      const response = await invite('pat', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(403);
    }
    expect((await invite('jane', { emails: [address('mo')] })).statusCode).toBe(403);
    expect(
      (await call(undefined, '/api/admin/invitations/newcomers', { emails: [address('mo')] })).statusCode,
    ).toBe(401);
  });

  it('an expired code and an inviter who lost the right since register nobody', async () => {
    const expired = await codeFor('pat', { emails: [address('ned')] });
    const hash = createHash('sha256').update(expired).digest('hex');
    await portal.db.query(
      `UPDATE invitation SET data = jsonb_set(data, '{expiresAt}', '1') WHERE code_hash = $1`,
      [hash],
    );
    const late = await register({ code: expired, email: address('ned') });
    expect([late.statusCode, late.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'invitation_expired' }),
    ]);

    const inviter = `inviter-${run}`;
    await portal.db.query(
      `INSERT INTO contact (id, name, account_id, legal_entity, web_roles, administrative_roles)
       VALUES ($1, $1, 'X', 'usmf', '{Authorized user}', '{Customer administrator}')`,
      [inviter],
    );
    const code = await codeFor(inviter, { emails: [address('ola')], webRoles: ['Authorized user'] });
    await portal.db.query(`UPDATE contact SET administrative_roles = '{}' WHERE id = $1`, [inviter]);
    const refused = await register({ code, email: address('ola') });
    expect([refused.statusCode, refused.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'operation_not_allowed' }),
    ]);
    const { rows } = await portal.db.query('SELECT count(*)::int AS n FROM contact WHERE email = $1', [
      address('ola'),
    ]);
    expect(rows[0]?.n).toBe(0);
  });

  it('bad input answers 400 and writes nothing, never 500', async () => {
    const code = await codeFor('pat', { type: 'group', maxRedemptions: 5 });
    const before = await countRegistered();
    const bodies: unknown[] = [
      { code, email: `${'a'.repeat(100_000)}@example.com` },
      { code: 'A'.repeat(100_000), email: address('pia') },
      { code, email: `pia\u0000@example.com` },
      { code, email: 'p\u0456a@example.com' },
      { code, email: 'not an address' },
      { code, email: address('pia'), role: 'Administrator' },
      '{"code":"x","email":"a@example.com","__proto__":{"kind":"anonymous"}}',
      { code: 42, email: address('pia') },
      [],
      'not json',
    ];
    for (const body of bodies) {
      const response = await register(body as object);
      expect(
        response.statusCode,
        `${JSON.stringify(body).slice(0, 80)} → ${response.body.slice(0, 200)}`,
      ).toBe(400);
      expect(response.body.length).toBeLessThan(2_000);
    }
    for (const body of [
      { emails: [`${'a'.repeat(100_000)}@example.com`] },
      { type: 'group' },
      { emails: ['a@example.com', 'A@example.com '] },
      { type: 'group', maxRedemptions: 0 },
      { emails: [address('q')], accountId: 'X' },
    ]) {
      const response = await invite('pat', body);
      expect(
        response.statusCode,
        `${JSON.stringify(body).slice(0, 80)} → ${response.body.slice(0, 200)}`,
      ).toBe(400);
    }
    const wrong = await register({ code: `${code}x`, email: address('pia') });
    expect([wrong.statusCode, wrong.json()]).toEqual([
      403,
      expect.objectContaining({ error: 'invitation_code_mismatch' }),
    ]);
    expect(await countRegistered()).toBe(before);
    const { rows } = await portal.db.query('SELECT redemptions FROM invitation WHERE code_hash = $1', [
      createHash('sha256').update(code).digest('hex'),
    ]);
    expect(rows[0]?.redemptions).toBe(0);
  });
});

async function countRegistered(): Promise<number> {
  const { rows } = await portal.db.query(
    `SELECT count(*)::int AS n FROM contact WHERE email LIKE $1 AND registered_via = 'invitation'`,
    [`%.${run}@example.com`],
  );
  return Number(rows[0]?.n);
}

describe('the console’s pages for inviting new people', () => {
  const form = (url: string, body: string, contactId?: string) =>
    portal.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(contactId ? { cookie: `portal_contact=${contactId}` } : {}),
      },
      payload: body,
    });

  it('Pat sends a group code from the form; a visitor registers with it on the register page and is signed in', async () => {
    const page = await portal.app.inject({
      method: 'GET',
      url: '/admin/invite-newcomers',
      headers: { cookie: 'portal_contact=pat' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="newcomer-form"');
    expect(page.body).toContain('newcomer-role-Authorized user');
    expect(page.body).not.toContain('newcomer-role-Administrator');
    const created = await form(
      '/admin/invite-newcomers',
      'type=group&maxRedemptions=3&role%3AAuthorized%20user=on',
      'pat',
    );
    expect(created.statusCode).toBe(200);
    const code = /data-testid="invitation-code">([^<]+)</.exec(created.body)?.[1];
    expect(code).toBeDefined();
    const registered = await form(
      '/invitations/register',
      `code=${encodeURIComponent(code ?? '')}&email=${encodeURIComponent(address('rae'))}&name=Rae`,
    );
    expect(registered.statusCode).toBe(303);
    expect(registered.headers['set-cookie']).toContain('portal_contact=c-');
  });

  it('a refused registration shows why on the register page, and a visitor cannot open the invitation form', async () => {
    const refused = await form(
      '/invitations/register',
      `code=nope&email=${encodeURIComponent(address('sol'))}`,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('data-testid="refusal"');
    expect(refused.body).toContain('data-testid="register-form"');
    expect((await portal.app.inject({ method: 'GET', url: '/admin/invite-newcomers' })).statusCode).toBe(401);
  });
});

describe('another site cannot send or redeem an invitation to newcomers (CSRF)', () => {
  it('a cross-site post to either route answers 403 and writes nothing', async () => {
    const code = await codeFor('pat', { emails: [address('tom')] });
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const { rows: before } = await portal.db.query('SELECT count(*)::int AS n FROM invitation');
    for (const [url, payload, contactId] of [
      ['/api/admin/invitations/newcomers', { type: 'group', maxRedemptions: 5 }, 'pat'],
      ['/api/invitations/register', { code, email: address('tom') }, undefined],
    ] as const) {
      const response = await portal.app.inject({
        method: 'POST',
        url,
        headers: {
          ...crossSite,
          'content-type': 'application/json',
          ...(contactId ? { cookie: `portal_contact=${contactId}` } : {}),
        },
        payload: JSON.stringify(payload),
      });
      expect([response.statusCode, response.json()], url).toEqual([
        403,
        expect.objectContaining({ error: 'cross_site_request' }),
      ]);
    }
    const { rows: after } = await portal.db.query('SELECT count(*)::int AS n FROM invitation');
    expect(after[0]?.n).toBe(before[0]?.n);
    const { rows } = await portal.db.query('SELECT count(*)::int AS n FROM contact WHERE email = $1', [
      address('tom'),
    ]);
    expect(rows[0]?.n).toBe(0);
  });
});
