import type { FastifyInstance } from 'fastify';
import { explainPage, page } from 'portal-permissions';
import { html, layout } from './html.js';

/**
 * Which page of the policy's page tree (`pages` in policy.ts) each server-rendered route shows. A route not
 * listed here is not a page (the JSON API, whose rows table permissions govern).
 */
const PAGE_OF_ROUTE: Readonly<Record<string, string>> = {
  '/': 'home',
  '/terms': 'terms',
  '/orders': 'orders',
  '/orders/:id': 'order',
};

/**
 * Gates every page route through the webpage access control rules, as Power Pages does: a visitor asking
 * for a restricted page is sent to sign in, a signed-in contact whose roles do not pass gets Access denied.
 */
export function registerPageAccess(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    const route = request.routeOptions.url;
    const id = route !== undefined && Object.hasOwn(PAGE_OF_ROUTE, route) ? PAGE_OF_ROUTE[route] : undefined;
    if (id === undefined || request.ability.can('view', page(id))) return;
    const { contact } = request.viewer;
    // Page rules are for web roles: staff open no portal page, not even the public sign-in page, so they are
    // sent to the back office (sending them to '/' would redirect in a circle).
    if (request.ability.principal.kind === 'user') return reply.redirect('/back-office/orders', 303);
    if (contact === undefined) return reply.redirect('/', 303);
    const why = explainPage(request.ability, 'view', id);
    return reply
      .status(403)
      .type('text/html; charset=utf-8')
      .send(
        layout(
          { name: contact.name, roles: contact.principal.webRoles ?? [] },
          'Access denied',
          html`<p class="error" data-testid="access-denied">Your web roles do not open this page.</p>
            <p class="grant">${why.message}</p>`,
        ),
      );
  });
}
