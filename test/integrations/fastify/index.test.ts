import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AbilityCache, definePolicy, type Policy, type Principal, subject } from '../../../src/index.js';
import {
  AuthorizationError,
  portalPermissions,
  RequestPrincipalError,
} from '../../../src/integrations/fastify/index.js';
import { customerPortal, customerPortalInput, orders, people } from '../../fixtures/customer-portal.js';

const ORDERS: Record<string, Record<string, unknown>> = { 'SO-1': orders.janes, 'SO-2': orders.sams };

/** A portal whose principal comes from the `x-contact` header (a test stand-in for a session). */
async function portal(options: { explain?: boolean; cache?: AbilityCache } = {}): Promise<{
  app: FastifyInstance;
  loads: string[];
}> {
  const loads: string[] = [];
  const app = Fastify();
  await app.register(portalPermissions, {
    policy: customerPortal,
    principalFor: async (request) => {
      const name = request.headers['x-contact'];
      loads.push(String(name));
      // A session naming a web role the policy no longer defines (D18): the host's principal is invalid.
      if (name === 'stale') {
        return { kind: 'contact', id: 'stale', accountId: 'X', webRoles: ['Removed role'] } as Principal;
      }
      return (
        typeof name === 'string' && Object.hasOwn(people, name)
          ? people[name as keyof typeof people]
          : { kind: 'anonymous' }
      ) as Principal;
    },
    ...options,
  });
  app.get<{ Params: { id: string } }>('/orders/:id', async (request) => {
    const order = ORDERS[request.params.id] ?? { id: request.params.id };
    request.authorize('read', subject('salesorder', { ...order }));
    return { order };
  });
  app.delete<{ Params: { id: string } }>('/orders/:id', async (request) => {
    const order = ORDERS[request.params.id] ?? { id: request.params.id };
    request.authorize('delete', subject('salesorder', { ...order }));
    return { deleted: order.id };
  });
  app.get('/health', async () => 'ok');
  app.get('/can-create', async (request) => ({ create: request.ability.can('create', 'salesorder') }));
  return { app, loads };
}

let app: FastifyInstance | undefined;
afterEach(() => app?.close());

describe('the portalPermissions Fastify plugin', () => {
  it('lets Jane read her own order', async () => {
    ({ app } = await portal());
    const response = await app.inject({ url: '/orders/SO-1', headers: { 'x-contact': 'jane' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ order: orders.janes });
  });

  it("answers 404 for a colleague's order Jane cannot read, as for an order that does not exist", async () => {
    ({ app } = await portal());
    const colleague = await app.inject({ url: '/orders/SO-2', headers: { 'x-contact': 'jane' } });
    const missing = await app.inject({ url: '/orders/SO-404', headers: { 'x-contact': 'jane' } });
    expect(colleague.statusCode).toBe(404);
    expect(colleague.json()).toMatchObject({
      code: 'not_found',
      message: 'no salesorder SO-2 that you may read',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('answers 403 when Jane may read the order but not delete it, and 404 when she may not even read it', async () => {
    ({ app } = await portal());
    const own = await app.inject({ method: 'DELETE', url: '/orders/SO-1', headers: { 'x-contact': 'jane' } });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'forbidden', message: 'you may not delete salesorder SO-1' });
    const colleague = await app.inject({
      method: 'DELETE',
      url: '/orders/SO-2',
      headers: { 'x-contact': 'jane' },
    });
    expect(colleague.statusCode).toBe(404);
    const admin = await app.inject({
      method: 'DELETE',
      url: '/orders/SO-2',
      headers: { 'x-contact': 'admin' },
    });
    expect(admin.json()).toEqual({ deleted: 'SO-2' });
  });

  it('adds the explanation to a refusal only when asked to (development)', async () => {
    ({ app } = await portal({ explain: true }));
    const explained = await app.inject({ url: '/orders/SO-2', headers: { 'x-contact': 'jane' } });
    expect(explained.json().message).toMatch(/^no salesorder SO-2 that you may read \(.*"My orders".*\)$/);
    await app.close();
    ({ app } = await portal({ explain: false }));
    const quiet = await app.inject({ url: '/orders/SO-2', headers: { 'x-contact': 'jane' } });
    expect(quiet.json().message).toBe('no salesorder SO-2 that you may read');
  });

  it('compiles the ability only for requests that use it, through the given cache', async () => {
    const cache = new AbilityCache();
    ({ app } = await portal({ cache }));
    await app.inject({ url: '/health', headers: { 'x-contact': 'jane' } });
    expect(cache.size).toBe(0);
    const first = await app.inject({ url: '/can-create', headers: { 'x-contact': 'jane' } });
    await app.inject({ url: '/can-create', headers: { 'x-contact': 'jane' } });
    expect(first.json()).toEqual({ create: true });
    expect(cache.size).toBe(1);
  });

  it('treats a request without a known principal as an anonymous visitor', async () => {
    ({ app } = await portal());
    const response = await app.inject({ url: '/can-create' });
    expect(response.json()).toEqual({ create: false });
  });

  it('refuses to register without a policy or a principalFor', async () => {
    app = Fastify();
    await expect(
      app.register(portalPermissions, { policy: customerPortal } as never).ready(),
    ).rejects.toMatchObject({ code: 'invalid_plugin_options' });
  });

  it('throws an AuthorizationError the host can handle itself', async () => {
    ({ app } = await portal());
    app.setErrorHandler((error, _request, reply) =>
      reply.status(error instanceof AuthorizationError ? error.statusCode : 500).send({ mine: true }),
    );
    const response = await app.inject({ url: '/orders/SO-2', headers: { 'x-contact': 'jane' } });
    expect([response.statusCode, response.json()]).toEqual([404, { mine: true }]);
  });

  it('answers a typed 500 naming no principal data when principalFor returns a principal the policy refuses', async () => {
    ({ app } = await portal());
    const response = await app.inject({ url: '/orders/SO-1', headers: { 'x-contact': 'stale' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'invalid_request_principal' });
    expect(response.body).not.toContain('Removed role');
  });

  it('lets the host map a refused principal, with the validation issues at hand', async () => {
    ({ app } = await portal());
    const seen: string[] = [];
    app.setErrorHandler((error, _request, reply) => {
      if (!(error instanceof RequestPrincipalError)) return reply.status(500).send({ mine: 'other' });
      seen.push(...error.issues.map((issue) => `${issue.code} at ${issue.path.join('.')}`));
      return reply.status(401).send({ signIn: true });
    });
    const response = await app.inject({ url: '/can-create', headers: { 'x-contact': 'stale' } });
    expect([response.statusCode, response.json()]).toEqual([401, { signIn: true }]);
    expect(seen).toEqual(['unknown_web_role at webRoles.0']);
    const jane = await app.inject({ url: '/can-create', headers: { 'x-contact': 'jane' } });
    expect(jane.json()).toEqual({ create: true });
  });
});

describe('the plugin with a policy that changes while the server runs', () => {
  it('takes the policy once per request: a request keeps its version, the next one gets the new one', async () => {
    const narrowed = definePolicy({
      ...customerPortalInput,
      tablePermissions: customerPortalInput.tablePermissions.map((permission) =>
        permission.name === 'Company orders' ? { ...permission, active: false } : permission,
      ),
    });
    let served: Policy = customerPortal;
    app = Fastify();
    await app.register(portalPermissions, { policy: () => served, principalFor: () => people.rep });
    app.get('/publish-then-check', async (request) => {
      // A publish lands while this request runs, before its ability is first compiled.
      served = narrowed;
      return { read: request.ability.can('read', subject('salesorder', { ...orders.janes })) };
    });
    expect((await app.inject({ url: '/publish-then-check' })).json()).toEqual({ read: true });
    expect((await app.inject({ url: '/publish-then-check' })).json()).toEqual({ read: false });
  });
});
