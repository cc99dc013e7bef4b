import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTests } from '../fixtures/find-chromium.js';
import { openPortalInChromium, SCREENSHOTS } from '../fixtures/portal-in-chromium.js';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(browserTests.kind === 'skip')('the administration console in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    ({ app, browser, baseUrl } = await openPortalInChromium());
    // The invitees: new contacts of Customer X with no web role, one per screen width.
    const csv = `id,accountId,legalEntity,webRoles\n${WIDTHS.map(({ name }) => `${name}-${run},X,usmf,`).join('\n')}\n`;
    const imported = await app.inject({
      method: 'POST',
      url: '/api/admin/contacts/import',
      headers: { cookie: 'portal_contact=pat' },
      payload: { csv },
    });
    if (imported.statusCode !== 201) throw new Error(imported.body);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedIn(contactId: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await Promise.all([
      page.waitForURL(`${baseUrl}/orders`),
      page.getByTestId(`sign-in-${contactId}`).click(),
    ]);
    return { context, page };
  }

  /** Nothing sticks out sideways: the page scrolls only down (wide tables scroll inside their own box). */
  const fitsWidth = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;

  for (const { name, width, height } of WIDTHS) {
    it(`at ${width} px: an administrator invites a contact, who redeems the code, is signed in and sees orders`, async () => {
      const invitee = `${name}-${run}`;
      const admin = await signedIn('pat', { width, height });
      let code: string;
      try {
        await admin.page.getByTestId('admin-link').click();
        await admin.page.waitForURL(`${baseUrl}/admin/contacts`);
        expect(await admin.page.locator(`tr[data-contact-id="${invitee}"]`).count()).toBe(1);
        expect(await fitsWidth(admin.page)).toBe(true);
        await admin.page.screenshot({ path: `${SCREENSHOTS}/admin-contacts-${width}.png`, fullPage: true });

        await admin.page.goto(`${baseUrl}/admin/invite`);
        await admin.page.getByTestId(`invite-contact-${invitee}`).check();
        await admin.page.getByTestId('invite-role-Customer representative').check();
        await admin.page.getByTestId('invite-submit').click();
        code = (await admin.page.getByTestId('invitation-code').textContent()) ?? '';
        expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/);
        expect(await fitsWidth(admin.page)).toBe(true);
        await admin.page.screenshot({ path: `${SCREENSHOTS}/admin-invitation-${width}.png`, fullPage: true });
      } finally {
        await admin.context.close();
      }

      const context = await browser.newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}/`);
        await page.getByTestId('redeem-link').click();
        await page.getByTestId('redeem-code').fill(code);
        await Promise.all([page.waitForURL(`${baseUrl}/orders`), page.getByTestId('redeem-submit').click()]);
        expect(await page.getByTestId('viewer').textContent()).toBe(invitee);
        const ids = await page
          .locator('tr[data-order-id]')
          .evaluateAll((rows) =>
            rows.map((row) =>
              (row as unknown as { getAttribute(name: string): string }).getAttribute('data-order-id'),
            ),
          );
        expect(ids.sort()).toEqual(['SO-1', 'SO-2']);
        expect(await fitsWidth(page)).toBe(true);
        await page.screenshot({ path: `${SCREENSHOTS}/admin-redeemed-orders-${width}.png`, fullPage: true });

        // The code was for one redemption: a second try is refused with the library's reason.
        await page.goto(`${baseUrl}/invitations/redeem`);
        await page.getByTestId('redeem-code').fill(code);
        await page.getByTestId('redeem-submit').click();
        expect(await page.getByTestId('refusal').textContent()).toContain('already redeemed');
      } finally {
        await context.close();
      }
    }, 90_000);

    it(`at ${width} px: the web-roles form offers only the roles the administrator holds`, async () => {
      const { context, page } = await signedIn('pat', { width, height });
      try {
        await page.goto(`${baseUrl}/admin/contacts/jane/web-roles`);
        // Pat holds Customer representative and Authorized user; Administrator is never offered, so the
        // refusal no longer comes after Review and Confirm.
        expect(await page.getByTestId('role-Administrator').count()).toBe(0);
        expect(await page.getByTestId('role-Customer representative').count()).toBe(1);
        expect(await fitsWidth(page)).toBe(true);
        await page.screenshot({
          path: `${SCREENSHOTS}/admin-web-roles-${width}.png`,
          fullPage: true,
        });
        // The API still refuses the role if it is asked for anyway (a hand-made request).
        const refused = await page.request.put(`${baseUrl}/api/admin/contacts/jane/web-roles`, {
          data: { webRoles: ['Authorized user', 'Administrator'] },
        });
        expect(refused.status()).toBe(403);
        await page.goto(`${baseUrl}/admin/contacts`);
        expect(await page.locator('tr[data-contact-id="jane"] [data-testid="web-roles"]').textContent()).toBe(
          'Authorized user',
        );
        await page.goto(`${baseUrl}/admin/audit`);
        expect(await page.locator('tr[data-outcome="refused"]').first().textContent()).toContain(
          'contact.webRoles',
        );
      } finally {
        await context.close();
      }
    }, 60_000);

    it(`at ${width} px: a CSV file with a bad row is previewed with its line and column, and nothing is written`, async () => {
      const { context, page } = await signedIn('pat', { width, height });
      const ids = [`csv-${name}-a-${run}`, `csv-${name}-b-${run}`];
      try {
        await page.goto(`${baseUrl}/admin/import`);
        await page
          .getByTestId('import-csv')
          .fill(
            `id,accountId,legalEntity,webRoles\n${ids[0]},X,usmf,Authorized user\n${ids[1]},Z,usmf,Authorized user\n`,
          );
        await page.getByTestId('import-preview').click();
        const issue = page.locator('[data-testid="import-issues"] tr[data-line="3"]');
        expect(await issue.textContent()).toContain('accountId');
        expect(await page.getByTestId('import-confirm').count()).toBe(0);
        expect(await fitsWidth(page)).toBe(true);
        await page.screenshot({ path: `${SCREENSHOTS}/admin-import-bad-row-${width}.png`, fullPage: true });
      } finally {
        await context.close();
      }
      const listed = await app.inject({
        url: '/api/admin/contacts',
        headers: { cookie: 'portal_contact=pat' },
      });
      const contacts = (listed.json() as { contacts: { id: string }[] }).contacts.map(
        (contact) => contact.id,
      );
      for (const id of ids) expect(contacts).not.toContain(id);
    }, 60_000);
  }
});
