import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTests } from '../fixtures/find-chromium.js';
import { openPortalInChromium, SCREENSHOTS } from '../fixtures/portal-in-chromium.js';

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

describe.skipIf(browserTests.kind === 'skip')('the back office in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    ({ app, browser, baseUrl } = await openPortalInChromium());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Nothing sticks out sideways: the page scrolls only down (wide tables scroll inside their own box). */
  const fitsWidth = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;

  const rolesOfBen = async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/users/ben',
      headers: { cookie: 'portal_contact=uma' },
    });
    return (response.json() as { user: { securityRoles: string[] } }).user.securityRoles;
  };

  for (const { width, height } of WIDTHS) {
    it(`at ${width} px: a user administrator sees her units' orders and is refused a role elevation with the reason`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}/back-office/sign-in`);
        await Promise.all([
          page.waitForURL(`${baseUrl}/back-office/orders`),
          page.getByTestId('staff-sign-in-uma').click(),
        ]);
        await expect.poll(() => page.getByTestId('order-SO-1').textContent()).toContain('Sales manager');
        expect(await page.getByTestId('order-SO-3').count()).toBe(0);
        expect(await fitsWidth(page)).toBe(true);
        await page.screenshot({ path: `${SCREENSHOTS}/back-office-orders-${width}.png`, fullPage: true });

        await page.goto(`${baseUrl}/back-office/users`);
        expect(await page.getByTestId('user-ben').count()).toBe(1);
        expect(await fitsWidth(page)).toBe(true);
        await page.getByTestId('assign-role-ben').selectOption('Order administrator');
        await page.getByTestId('assign-ben').click();
        const refusal = page.getByTestId('refusal');
        await refusal.waitFor();
        expect(await refusal.textContent()).toContain('role "Order administrator" grants');
        expect(await fitsWidth(page)).toBe(true);
        await page.screenshot({
          path: `${SCREENSHOTS}/back-office-refused-elevation-${width}.png`,
          fullPage: true,
        });
        expect(await rolesOfBen()).toEqual(['Salesperson']);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
