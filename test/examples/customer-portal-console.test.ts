import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// What a new user of the console meets: the forms, the answers after a change, the refused pages, and what a
// blocked contact is told. Ids are fresh per run (the suite also runs on PostgreSQL).
const fresh = freshIds();

const portal = usePortalApp();

const as = (contactId: string) => ({ cookie: `portal_contact=${contactId}` });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function customerXContact(name: string, state = 'active'): Promise<string> {
  const id = fresh(name);
  await portal.db.query(
    `INSERT INTO contact (id, name, account_id, legal_entity, web_roles, state, updated_at)
     VALUES ($1, $1, 'X', 'usmf', $2, $3, now() - interval '1 hour')`,
    [id, ['Authorized user'], state],
  );
  return id;
}

describe('the console offers only what the administrator may do', () => {
  it("the web-roles form offers the roles Pat may hand out and the contact's own, never Administrator", async () => {
    const id = await customerXContact('roles');
    const page = await portal.app.inject({ url: `/admin/contacts/${id}/web-roles`, headers: as('pat') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="role-Customer representative"');
    expect(page.body).toContain('data-testid="role-Authorized user"');
    expect(page.body).not.toContain('data-testid="role-Administrator"');
    expect(page.body).not.toContain('data-testid="role-Unauthorized user"');
  });

  it('the invitation form offers no web role the administrator does not hold', async () => {
    const page = await portal.app.inject({ url: '/admin/invite', headers: as('pat') });
    expect(page.body).toContain('data-testid="invite-role-Authorized user"');
    expect(page.body).not.toContain('data-testid="invite-role-Administrator"');
    const operator = await portal.app.inject({ url: '/admin/invite', headers: as('admin') });
    expect(operator.body).toContain('data-testid="invite-role-Unauthorized user"');
    expect(operator.body).not.toContain('data-testid="invite-role-Authorized user"');
  });
});

describe('the console answers a change with the change', () => {
  it('block, unblock, reset and delete answer the new updatedAt, not the previous one', async () => {
    const id = await customerXContact('stamp');
    let previous = (
      (await portal.app.inject({ url: `/api/admin/contacts/${id}`, headers: as('pat') })).json() as {
        contact: { updatedAt: string };
      }
    ).contact.updatedAt;
    for (const action of ['block', 'unblock', 'reset-password', 'delete']) {
      const response = await portal.app.inject({
        method: 'POST',
        url: `/api/admin/contacts/${id}/${action}`,
        headers: as('pat'),
      });
      expect(response.statusCode, response.body).toBe(200);
      const { updatedAt } = (response.json() as { contact: { updatedAt: string } }).contact;
      expect(Date.parse(updatedAt), action).toBeGreaterThan(Date.parse(previous));
      const { rows } = await portal.db.query('SELECT updated_at FROM contact WHERE id = $1', [id]);
      expect(new Date(rows[0]?.updated_at as string | Date).toISOString()).toBe(updatedAt);
      previous = updatedAt;
    }
  });

  it('a confirmed block returns to the contacts page with a success message naming the contact', async () => {
    const id = await customerXContact('notice');
    const posted = await portal.app.inject({
      method: 'POST',
      url: `/admin/contacts/${id}/block`,
      payload: 'confirm=yes',
      headers: { ...as('pat'), ...FORM },
    });
    expect(posted.statusCode).toBe(303);
    const page = await portal.app.inject({ url: String(posted.headers.location), headers: as('pat') });
    expect(page.body).toContain(`data-testid="success">Sign-in blocked for ${id}.</p>`);
    // The times show the hour and minute, so two changes on one day are told apart.
    expect(page.body).toMatch(/<time datetime="[^"]+"[^>]*>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/);
  });

  it('a forged notice (unknown change, a contact one may not manage) shows nothing', async () => {
    for (const query of ['done=purge&contact=jane', 'done=block&contact=admin', 'done=block&contact=%00']) {
      const page = await portal.app.inject({ url: `/admin/contacts?${query}`, headers: as('pat') });
      expect(page.body, query).not.toContain('data-testid="success"');
    }
  });
});

describe('refusals say what happened and show nothing of the console', () => {
  it("a contact refused the console sees no link to the console's pages", async () => {
    const page = await portal.app.inject({ url: '/admin/contacts', headers: as('jane') });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('data-testid="refusal"');
    expect(page.body).not.toContain('admin-nav');
    expect(page.body).not.toContain('/admin/import');
  });

  it("a blocked contact's order API answers 403 naming the block, not an empty list", async () => {
    const id = await customerXContact('blocked', 'blocked');
    for (const [method, url] of [
      ['GET', '/api/orders'],
      ['GET', '/api/orders/SO-1'],
      ['POST', '/api/orders'],
    ] as const) {
      const response = await portal.app.inject({
        method,
        url,
        headers: as(id),
        ...(method === 'POST' ? { payload: { lines: [{ item: 'Pen', quantity: 1 }] } } : {}),
      });
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({
        error: 'sign_in_refused',
        reason: 'account_blocked',
        message: expect.stringContaining('blocked'),
      });
    }
    const active = await customerXContact('active');
    expect((await portal.app.inject({ url: '/api/orders', headers: as(active) })).statusCode).toBe(200);
  });
});
