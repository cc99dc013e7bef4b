import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTests } from '../fixtures/find-chromium.js';
import { openPortalInChromium, SCREENSHOTS } from '../fixtures/portal-in-chromium.js';

describe.skipIf(browserTests.kind === 'skip')('order totals in a real browser (column security)', () => {
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

  async function ordersPageOf(contactId: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await Promise.all([
      page.waitForURL(`${baseUrl}/orders`),
      page.getByTestId(`sign-in-${contactId}`).click(),
    ]);
    return { context, page };
  }

  it('an authorized user sees no Total column and no total, on the list and on the order', async () => {
    const { context, page } = await ordersPageOf('jane');
    try {
      const headers = await page.locator('[data-testid="orders"] th').allTextContents();
      expect(headers).not.toContain('Total');
      expect(await page.getByTestId('total').count()).toBe(0);
      await page.goto(`${baseUrl}/orders/SO-1`);
      expect(await page.locator('main').textContent()).not.toContain('2398.00');
      await page.screenshot({ path: `${SCREENSHOTS}/customer-portal-columns-jane.png`, fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a representative sees the Total column with each order total', async () => {
    const { context, page } = await ordersPageOf('rita');
    try {
      const headers = await page.locator('[data-testid="orders"] th').allTextContents();
      expect(headers).toContain('Total');
      const janes = page.locator('tr[data-order-id="SO-1"] [data-testid="total"]');
      expect(await janes.textContent()).toBe('2398.00');
      await page.goto(`${baseUrl}/orders/SO-1`);
      expect(await page.getByTestId('total').textContent()).toBe('2398.00');
      await page.screenshot({ path: `${SCREENSHOTS}/customer-portal-columns-rita.png`, fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
