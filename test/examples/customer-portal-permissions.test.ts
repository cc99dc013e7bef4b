import { describe, expect, it } from 'vitest';
import { activeField, roleField, webRoleNames } from '../../examples/customer-portal/permissions/forms.js';
import { portalPolicyInput } from '../../examples/customer-portal/policy.js';
import { usePortalApp } from './portal-app.js';

// Always PGlite: publishing changes the served policy, which the other example suites must not see.
const portal = usePortalApp({ onServer: false });

const as = (id: string) => ({ cookie: `portal_contact=${id}` });

async function orderIds(contact: string): Promise<string[]> {
  const response = await portal.app.inject({ url: '/api/orders', headers: as(contact) });
  return (response.json() as { orders: { id: string }[] }).orders.map((order) => order.id).sort();
}

const post = (
  url: string,
  form: Record<string, string>,
  contact = 'admin',
  headers: Record<string, string> = {},
) =>
  portal.app.inject({
    method: 'POST',
    url,
    headers: { ...as(contact), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });

/**
 * The editor's checkboxes as the shipped policy sets them, with Company orders (and the lines below it, which
 * must not hold a role their parent lacks) taken from representatives.
 */
function formWithoutCompanyOrders(): Record<string, string> {
  const roles = webRoleNames(portalPolicyInput);
  const form: Record<string, string> = {};
  for (const section of ['tablePermissions', 'pageRules', 'columnPermissions'] as const) {
    portalPolicyInput[section].forEach((item, index) => {
      if (section === 'tablePermissions' && (item as { active?: boolean }).active !== false) {
        form[activeField(index)] = 'on';
      }
      roles.forEach((role, at) => {
        const holds = (item.webRoles as readonly string[]).includes(role);
        const taken =
          ['Company orders', 'Lines of company orders'].includes(item.name) &&
          role === 'Customer representative';
        if (holds && !taken) form[roleField(section, index, at)] = 'on';
      });
    });
  }
  return form;
}

describe("the console's Permissions section", () => {
  it('only the site operator reaches it: customers and their administrators get 404, even when posting', async () => {
    expect((await portal.app.inject({ url: '/permissions', headers: as('admin') })).statusCode).toBe(200);
    for (const contact of ['pat', 'rita', 'jane']) {
      expect((await portal.app.inject({ url: '/permissions', headers: as(contact) })).statusCode).toBe(404);
      expect(
        (await post('/permissions/publish', { document: '{}', comment: 'x', baseVersion: '1' }, contact))
          .statusCode,
      ).toBe(404);
    }
    expect((await portal.app.inject({ url: '/permissions' })).statusCode).toBe(404);
  });

  it('a form posted from another site is refused', async () => {
    const response = await post('/permissions/preview', { baseVersion: '1' }, 'admin', {
      'sec-fetch-site': 'cross-site',
    });
    expect(response.statusCode).toBe(403);
  });

  it('a preview shows who loses what on the seed, and writes nothing', async () => {
    const response = await post('/permissions/preview', { baseVersion: '1', ...formWithoutCompanyOrders() });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/data-testid="change-rita"[\s\S]*read SO-1; read SO-2/);
    expect(response.body).not.toContain('data-testid="widens"');
    expect(await orderIds('rita')).toEqual(['SO-1', 'SO-2']);
  });

  it('publishing the narrowing switches the portal at once, and the history names who and why', async () => {
    const preview = await post('/permissions/preview', { baseVersion: '1', ...formWithoutCompanyOrders() });
    const document = /name="document" value="([^"]*)"/
      .exec(preview.body)?.[1]
      ?.replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&#39;', "'");
    expect(document).toBeDefined();
    const published = await post('/permissions/publish', {
      baseVersion: '1',
      document: document!,
      comment: 'representatives lose company orders',
    });
    expect(published.statusCode).toBe(303);
    expect(await orderIds('rita')).toEqual([]);
    const page = await portal.app.inject({ url: '/permissions', headers: as('admin') });
    expect(page.body).toMatch(
      /data-testid="version-2"[\s\S]*admin[\s\S]*representatives lose company orders/,
    );
  });

  it('an invalid document or a stale base is refused and changes nothing', async () => {
    const invalid = await post('/permissions/publish', {
      baseVersion: '2',
      document: '{"tables": 7}',
      comment: 'broken',
    });
    expect(invalid.statusCode).toBe(422);
    const notJson = await post('/permissions/publish', {
      baseVersion: '2',
      document: '{',
      comment: 'broken',
    });
    expect(notJson.statusCode).toBe(400);
    const stale = await post('/permissions/publish', {
      baseVersion: '1',
      document: JSON.stringify(portalPolicyInput),
      comment: 'old base',
    });
    expect(stale.statusCode).toBe(409);
    const nul = await post('/permissions/publish', {
      baseVersion: '2',
      document: JSON.stringify(portalPolicyInput),
      comment: 'a\u0000b',
    });
    expect(nul.statusCode).toBe(400);
    expect(await orderIds('rita')).toEqual([]);
  });

  it('a rollback that widens needs a reason; with one, the portal is back and the history says so', async () => {
    const refused = await post('/permissions/rollback', { version: '1', baseVersion: '2', comment: 'undo' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('rita gains read on SO-1');
    expect(await orderIds('rita')).toEqual([]);
    const rolledBack = await post('/permissions/rollback', {
      version: '1',
      baseVersion: '2',
      comment: 'undo',
      allowWiden: 'on',
      reason: 'representatives need their orders back',
    });
    expect(rolledBack.statusCode).toBe(303);
    expect(await orderIds('rita')).toEqual(['SO-1', 'SO-2']);
    const page = await portal.app.inject({ url: '/permissions', headers: as('admin') });
    expect(page.body).toMatch(
      /data-testid="version-3"[\s\S]*rollback to 1[\s\S]*yes: representatives need their orders back/,
    );
  });
});
