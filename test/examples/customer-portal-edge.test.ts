import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// What reaches the portal from outside: ids in paths, names in bodies, the session cookie, and requests
// another site makes a signed-in browser send. Ids are fresh per run (the suite also runs on PostgreSQL).
const fresh = freshIds();

const portal = usePortalApp();

const NUL = '\u0000';
const CROSS_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

function send(options: InjectOptions & { as?: string }) {
  const { as, headers, ...rest } = options;
  return portal.app.inject({
    ...rest,
    headers: { ...(as ? { cookie: `portal_contact=${as}` } : {}), ...headers },
  });
}

/** A contact of Customer X that Pat manages, fresh for one test. */
async function customerXContact(name: string): Promise<string> {
  const id = fresh(name);
  await portal.db.query(
    `INSERT INTO contact (id, name, account_id, legal_entity, web_roles) VALUES ($1, $1, 'X', 'usmf', $2)`,
    [id, ['Authorized user']],
  );
  return id;
}

async function contactRow(id: string) {
  const { rows } = await portal.db.query('SELECT state, web_roles, updated_at FROM contact WHERE id = $1', [
    id,
  ]);
  return rows[0];
}

/** Everything a refused request could have written: audit lines, invitations, orders, contacts. */
async function writes(): Promise<number[]> {
  const { rows } = await portal.db.query<{ a: number; i: number; o: number; c: number }>(
    `SELECT (SELECT count(*)::int FROM audit_event) AS a, (SELECT count(*)::int FROM invitation) AS i,
       (SELECT count(*)::int FROM sales_order) AS o, (SELECT count(*)::int FROM contact) AS c`,
  );
  const row = rows[0]!;
  return [row.a, row.i, row.o, row.c];
}

describe('a value the database cannot store, or of the wrong shape, answers 400 and writes nothing', () => {
  const bodies = [
    ['a role name with U+0000', 'PUT', 'web-roles', { webRoles: [`Authorized user${NUL}`] }],
    ['a role name with a lone surrogate', 'PUT', 'web-roles', { webRoles: ['Authorized user\ud800'] }],
    ['a contact id with U+0000 in an invitation', 'POST', 'invite', { contactIds: [`lee${NUL}`] }],
    [
      'an account id of the wrong shape in an invitation',
      'POST',
      'invite',
      { contactIds: ['lee'], accountId: 'Y Z' },
    ],
    ['a redeeming contact id with U+0000', 'POST', 'redeem', { code: 'abc', contactId: `lee${NUL}` }],
    ['an item with U+0000', 'POST', 'order', { lines: [{ item: `Stap${NUL}ler`, quantity: 1 }] }],
    [
      'a customer account with U+0000',
      'POST',
      'order',
      { customerAccount: `X${NUL}`, lines: [{ item: 'Pen', quantity: 1 }] },
    ],
    [
      'a CSV file with U+0000',
      'POST',
      'import',
      { csv: `id,accountId,legalEntity,webRoles\nnul${NUL},X,usmf,\n` },
    ],
    ['a key with U+0000', 'POST', 'order', { [`lines${NUL}`]: [] }],
    ['a body nested 40 levels deep', 'POST', 'order', JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)],
  ] as const;
  const pathOf = (route: (typeof bodies)[number][2], target: string): string =>
    ({
      'web-roles': `/api/admin/contacts/${target}/web-roles`,
      invite: '/api/admin/invitations',
      redeem: '/api/invitations/redeem',
      order: '/api/orders',
      import: '/api/admin/contacts/import',
    })[route];

  for (const [name, method, route, payload] of bodies) {
    it(`${name}: 400 naming the field`, async () => {
      const target = await customerXContact('body');
      const before = [await writes(), await contactRow(target)];
      const url = pathOf(route, target);
      const response = await send({ method, url, payload, as: route === 'order' ? 'jane' : 'pat' });
      expect(response.statusCode, response.body).toBe(400);
      expect((response.json() as { field?: unknown }).field).toEqual(expect.any(String));
      expect([await writes(), await contactRow(target)]).toEqual(before);
    });
  }

  it('an id with U+0000, too long or of the wrong shape in a path answers 400 on every kind of route', async () => {
    const before = await writes();
    const bad = ['%00', 'jane%00', 'x'.repeat(101), 'a%20b', '%F0%9F%98%80'];
    for (const id of bad) {
      for (const [method, url, as] of [
        ['GET', `/api/admin/contacts/${id}`, 'pat'],
        ['POST', `/api/admin/contacts/${id}/block`, 'pat'],
        ['GET', `/admin/contacts/${id}/web-roles`, 'pat'],
        ['GET', `/api/orders/${id}`, 'jane'],
        ['GET', `/orders/${id}`, 'jane'],
        ['GET', `/api/admin/users/${id}`, 'uma'],
      ] as const) {
        const response = await send({ method, url, as });
        expect(response.statusCode, `${method} ${url}`).toBe(400);
      }
    }
    const json = await send({ method: 'GET', url: '/api/admin/contacts/%00', as: 'pat' });
    expect(json.json()).toMatchObject({ error: 'invalid_input', field: 'id' });
    expect(await writes()).toEqual(before);
  });

  it('a form post with U+0000 (signing in, placing an order) answers 400, never 500', async () => {
    const before = await writes();
    for (const [url, payload] of [
      ['/sign-in', `contactId=jane%00`],
      ['/orders', 'customerAccount=X&item=Pen%00&quantity=1'],
    ] as const) {
      const response = await send({
        method: 'POST',
        url,
        payload,
        as: 'jane',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.statusCode, url).toBe(400);
    }
    expect(await writes()).toEqual(before);
  });

  it('a bad session cookie makes a visitor on every route, signed in or not, never a 500', async () => {
    const cookies = ['%00', 'jane%00', `${'j'.repeat(101)}`, '%E0%A4%A', 'jane%0A', '%ED%A0%80'];
    for (const value of cookies) {
      for (const url of [
        '/',
        '/orders',
        '/terms',
        '/api/orders',
        '/api/terms',
        '/admin/contacts',
        '/back-office/orders',
      ]) {
        const response = await portal.app.inject({ url, headers: { cookie: `portal_contact=${value}` } });
        expect(response.statusCode, `${url} with ${value}`).toBeLessThan(500);
      }
      const me = await portal.app.inject({ url: '/api/me', headers: { cookie: `portal_contact=${value}` } });
      expect(me.json(), value).toEqual({ contact: null, principal: { kind: 'anonymous' } });
    }
  });

  it('well-formed input still works: the checks refuse only what they must', async () => {
    const target = await customerXContact('fine');
    const response = await send({
      method: 'PUT',
      url: `/api/admin/contacts/${target}/web-roles`,
      payload: { webRoles: ['Customer representative'] },
      as: 'pat',
    });
    expect(response.statusCode, response.body).toBe(200);
    const me = await portal.app.inject({ url: '/api/me', headers: { cookie: 'portal_contact=jane' } });
    expect(me.json()).toMatchObject({ contact: { id: 'jane' } });
  });
});

describe('a state change another site asks for is refused (CSRF)', () => {
  it('a cross-site form post to block a contact answers 403 and changes nothing', async () => {
    const target = await customerXContact('csrf-form');
    const before = [await writes(), await contactRow(target)];
    const response = await send({
      method: 'POST',
      url: `/api/admin/contacts/${target}/block`,
      payload: '',
      as: 'pat',
      headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'cross_site_request' });
    expect([await writes(), await contactRow(target)]).toEqual(before);
  });

  it('a cross-site JSON change of web roles answers 403, by Origin alone and by Sec-Fetch-Site alone', async () => {
    const target = await customerXContact('csrf-json');
    const before = await contactRow(target);
    for (const headers of [
      CROSS_SITE,
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'http://localhost.evil.example' },
    ]) {
      const response = await send({
        method: 'PUT',
        url: `/api/admin/contacts/${target}/web-roles`,
        payload: { webRoles: ['Customer representative'] },
        as: 'pat',
        headers,
      });
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
    }
    expect(await contactRow(target)).toEqual(before);
  });

  it("the console's own pages post a confirmed block cross-site in vain (403 page), and from the portal itself it works", async () => {
    const target = await customerXContact('csrf-page');
    const form = {
      method: 'POST' as const,
      url: `/admin/contacts/${target}/block`,
      payload: 'confirm=yes',
      as: 'pat',
    };
    const refused = await send({
      ...form,
      headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect((await contactRow(target))?.state).toBe('active');
    const accepted = await send({
      ...form,
      headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(accepted.statusCode).toBe(303);
    expect((await contactRow(target))?.state).toBe('blocked');
  });

  it('placing an order and signing in from another site are refused too', async () => {
    const before = await writes();
    for (const [url, payload, as] of [
      ['/orders', 'customerAccount=X&item=Pen&quantity=1', 'jane'],
      ['/sign-in', 'contactId=jane', undefined],
    ] as const) {
      const response = await send({
        method: 'POST',
        url,
        payload,
        ...(as ? { as } : {}),
        headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.statusCode, url).toBe(403);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const json = await send({
      method: 'POST',
      url: '/api/orders',
      payload: { lines: [{ item: 'Pen', quantity: 1 }] },
      as: 'jane',
      headers: CROSS_SITE,
    });
    expect(json.statusCode).toBe(403);
    expect(await writes()).toEqual(before);
  });

  it('the JSON API refuses a form, multipart or text body with 415, even from the portal itself', async () => {
    const target = await customerXContact('media');
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await send({
        method: 'POST',
        url: `/api/admin/contacts/${target}/block`,
        payload: type.startsWith('multipart') ? '--x--' : 'a=b',
        as: 'pat',
        headers: { ...SAME_ORIGIN, 'content-type': type },
      });
      expect(response.statusCode, type).toBe(415);
      expect(response.json()).toMatchObject({ error: 'unsupported_media_type' });
    }
    expect((await contactRow(target))?.state).toBe('active');
  });

  it('reading stays open to links from other sites, and a same-origin JSON change goes through', async () => {
    const page = await send({ method: 'GET', url: '/orders', as: 'jane', headers: CROSS_SITE });
    expect(page.statusCode).toBe(200);
    const target = await customerXContact('same-origin');
    const response = await send({
      method: 'POST',
      url: `/api/admin/contacts/${target}/block`,
      as: 'pat',
      headers: SAME_ORIGIN,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await contactRow(target))?.state).toBe('blocked');
  });
});
