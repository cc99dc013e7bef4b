import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/customer-portal/app.js';
import { pgliteDatabase } from '../../examples/customer-portal/db/pglite.js';
import { loadSitePolicy, SiteDoesNotFitError } from '../../examples/customer-portal/permissions/site.js';
import { freshPglite } from '../fixtures/pglite.js';
import { usePortalApp } from './portal-app.js';

// Always PGlite in memory: the store's first version is what these tests look at.
const portalSite = 'test/fixtures/import/portal-site';
const as = (id: string) => ({ cookie: `portal_contact=${id}` });

async function orderIds(app: FastifyInstance, contact: string): Promise<string[]> {
  const response = await app.inject({ url: '/api/orders', headers: as(contact) });
  expect(response.statusCode, contact).toBe(200);
  return (response.json() as { orders: { id: string }[] }).orders.map((order) => order.id).sort();
}

describe('the customer portal started from a site folder', () => {
  const started: { summary: string; published: boolean }[] = [];
  const portal = usePortalApp({
    onServer: false,
    site: portalSite,
    onSiteImported: (summary, published) => started.push({ summary, published }),
  });

  it("publishes the site's policy as the store's first version and reports the import", () => {
    expect(started).toHaveLength(1);
    expect(started[0]!.published).toBe(true);
    expect(started[0]!.summary).toContain('read 14 records (enhanced): 14 mapped, 0 left out');
    expect(started[0]!.summary).toContain('6 web roles and 8 table permissions taken');
  });

  it("answers the documented visibility table from the site's table permissions", async () => {
    expect(await orderIds(portal.app, 'admin')).toEqual(['SO-1', 'SO-2', 'SO-3']);
    expect(await orderIds(portal.app, 'rita')).toEqual(['SO-1', 'SO-2']);
    expect(await orderIds(portal.app, 'jane')).toEqual(['SO-1']);
    expect(await orderIds(portal.app, 'may')).toEqual([]);
    expect((await portal.app.inject({ url: '/api/terms' })).statusCode).toBe(200);
  });

  it('a contact cannot read an order she follows, because the site grants no "Orders I follow"', async () => {
    // The shipped policy lets a follower of her own company's order read it; the site has no such permission.
    await portal.db.query('INSERT INTO sales_order_follower VALUES ($1, $2)', ['SO-2', 'jane']);
    expect(await orderIds(portal.app, 'jane')).toEqual(['SO-1']);
    expect((await portal.app.inject({ url: '/api/orders/SO-2', headers: as('jane') })).statusCode).toBe(404);
  });
});

describe('a site that does not fit the example', () => {
  it('is refused with every missing table, relationship field and web role named', async () => {
    const refusal = await loadSitePolicy('test/fixtures/import/enhanced-site').catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SiteDoesNotFitError);
    expect((refusal as SiteDoesNotFitError).problems).toMatchInlineSnapshot(`
      [
        "table salesorderline: the site grants nothing on it (no active table permission names it)",
        "table terms: the site grants nothing on it (no active table permission names it)",
        "table salesorder: the site's contact relationship is the column "customerid", the example's rows hold it in "orderedBy"",
        "table salesorder: the site's account relationship is the column "customerid", the example's rows hold it in "customerAccount"",
        "web role "Administrator": the example's personas or rules use it, the site has none",
        "web role "Unauthorized user": the example's personas or rules use it, the site has none",
        "web role "Customer representative": the example's personas or rules use it, the site has none",
        "web role "Authorized user": the example's personas or rules use it, the site has none",
      ]
    `);
  });

  it("is refused when one permission's relationship is a Dataverse column the example's orders lack", async () => {
    // The fixture site plus one permission through the standard order_customer_contacts (salesorder.customerid).
    const folder = mkdtempSync(join(tmpdir(), 'portal-site-'));
    try {
      cpSync(portalSite, folder, { recursive: true });
      writeFileSync(
        join(folder, '.powerpages-site/table-permissions/Orders-by-customer.tablepermission.yml'),
        [
          'entityname: Orders by customer',
          'id: 20000000-0000-4000-8000-000000000009',
          'scope: 756150001',
          'entitylogicalname: salesorder',
          'contactrelationship: order_customer_contacts',
          'entitypermission_webrole:',
          '- 10000000-0000-4000-8000-000000000003',
          'read: true',
          '',
        ].join('\n'),
      );
      const refusal = await loadSitePolicy(folder).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SiteDoesNotFitError);
      expect((refusal as SiteDoesNotFitError).problems.join('\n')).toMatch(/"customerid"/);
      // The unchanged fixture fits: the refusal is the added permission's doing.
      await expect(loadSitePolicy(portalSite)).resolves.toMatchObject({ folder: portalSite });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("is refused when the site holds a column permission profile, which the example's own would replace", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'portal-site-'));
    try {
      cpSync(portalSite, folder, { recursive: true });
      mkdirSync(join(folder, '.powerpages-site/column-permission-profiles'));
      writeFileSync(
        join(folder, '.powerpages-site/column-permission-profiles/Prices.columnpermissionprofile.yml'),
        [
          'id: 30000000-0000-4000-8000-000000000001',
          'profilename: Prices',
          'tablename: salesorder',
          'allcolumnpermissions: [746610001]',
          'columnpermissionprofile_webrole:',
          '- 10000000-0000-4000-8000-000000000003',
          '',
        ].join('\n'),
      );
      const refusal = await loadSitePolicy(folder).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SiteDoesNotFitError);
      expect((refusal as SiteDoesNotFitError).problems).toEqual([
        expect.stringContaining('column permission profile "Prices" on salesorder'),
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stops buildApp before it opens a database', async () => {
    await expect(buildApp({ site: 'test/fixtures/import/enhanced-site' })).rejects.toThrow(
      /does not fit the example portal/,
    );
  });
});

describe('a site given to a portal whose store already holds a version', () => {
  it('is not published: the store keeps serving its version', async () => {
    const db = await pgliteDatabase(freshPglite());
    try {
      const first = await buildApp({ db });
      await first.close();
      await db.query('INSERT INTO sales_order_follower VALUES ($1, $2)', ['SO-2', 'jane']);
      const published: boolean[] = [];
      const again = await buildApp({
        db,
        site: portalSite,
        onSiteImported: (_summary, done) => published.push(done),
      });
      try {
        expect(published).toEqual([false]);
        // The shipped policy's "Orders I follow" still lets Jane read the order she follows.
        expect(await orderIds(again, 'jane')).toEqual(['SO-1', 'SO-2']);
      } finally {
        await again.close();
      }
    } finally {
      await db.close();
    }
  }, 120_000);
});
