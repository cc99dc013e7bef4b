import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personas } from '../../examples/customer-portal/seed.js';
import { orders, people, visibility } from '../fixtures/customer-portal.js';
import { browserTests } from '../fixtures/find-chromium.js';
import { openPortalInChromium, SCREENSHOTS } from '../fixtures/portal-in-chromium.js';

/** The part of a DOM element the page scripts below read. */
interface DomElement {
  getAttribute(name: string): string | null;
}

type Persona = keyof typeof people;

describe.skipIf(browserTests.kind === 'skip')('the customer portal in a real browser', () => {
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

  for (const persona of Object.keys(visibility) as Persona[]) {
    it(`${persona} opens the orders page and sees exactly the orders of the visibility table`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const person = people[persona];
        if (person.kind === 'contact') {
          await page.goto(`${baseUrl}/`);
          await expect(page.getByTestId('dev-sign-in-warning').textContent()).resolves.toContain(
            'not real authentication',
          );
          await Promise.all([
            page.waitForURL(`${baseUrl}/orders`),
            page.getByTestId(`sign-in-${person.id}`).click(),
          ]);
          const seeded = personas.find((candidate) => candidate.id === person.id);
          await expect(page.getByTestId('viewer').textContent()).resolves.toBe(seeded?.name);
        } else {
          await page.goto(`${baseUrl}/orders`);
        }
        const shown = await page
          .locator('tr[data-order-id]')
          // The DOM types are not in this project's lib (and @types/react declares empty stand-ins): name the one call.
          .evaluateAll((rows) =>
            rows.map((row) => (row as unknown as DomElement).getAttribute('data-order-id')),
          );
        expect(shown.sort()).toEqual(visibility[persona].map((key) => orders[key].id).sort());
        await page.screenshot({ path: `${SCREENSHOTS}/customer-portal-${persona}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('Jane opening May order by its address gets a 404 page, and a visitor reads the terms', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const terms = await page.goto(`${baseUrl}/terms`);
      expect(terms?.status()).toBe(200);
      expect(await page.getByTestId('terms').count()).toBeGreaterThan(0);
      await page.goto(`${baseUrl}/`);
      await Promise.all([page.waitForURL(`${baseUrl}/orders`), page.getByTestId('sign-in-jane').click()]);
      const hidden = await page.goto(`${baseUrl}/orders/${orders.mays.id}`);
      expect(hidden?.status()).toBe(404);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('Jane places an order from the page and lands on it', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await Promise.all([page.waitForURL(`${baseUrl}/orders`), page.getByTestId('sign-in-jane').click()]);
      const form = page.getByTestId('place-order');
      await form.getByLabel('Item').fill('Whiteboard');
      await form.getByLabel('Quantity').fill('3');
      await Promise.all([
        page.waitForURL(/\/orders\/SO-\d+$/),
        form.getByRole('button', { name: 'Place order' }).click(),
      ]);
      expect(await page.getByTestId('grant').textContent()).toContain('My orders');
      expect(await page.locator('main').textContent()).toContain('Whiteboard');
      await page.screenshot({ path: `${SCREENSHOTS}/customer-portal-jane-placed-order.png`, fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
