import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPolicyValidationError, type PolicyInput } from 'portal-permissions';
import {
  isPolicyStoreError,
  type PolicyStore,
  PolicyWidensError,
  type PublishOptions,
} from 'portal-permissions/store';
import { layout, type SafeHtml } from '../html.js';
import { documentFromForm, type Form } from './forms.js';
import { editorPage, previewPage, refusalPage } from './render.js';

/**
 * The site operator: a contact holding the Administrator web role (who "maintains the site"). Customer
 * administrators (administrative roles over their company's contacts) are not operators.
 */
function isSiteOperator(request: FastifyRequest): boolean {
  const { principal } = request.viewer;
  return principal.kind === 'contact' && (principal.webRoles ?? []).includes('Administrator');
}

/** A state-changing request from another site (a form posted by a page elsewhere) is refused. */
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  return origin !== undefined && origin !== `${request.protocol}://${request.headers.host}`;
}

const field = (form: Form, name: string): string | undefined =>
  Object.hasOwn(form, name) && typeof form[name] === 'string' ? form[name] : undefined;

const versionOf = (text: string | undefined): number | null => (text ? Number(text) : null);

function show(request: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) {
  const contact = request.viewer.contact;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout({ name: contact?.name, roles: contact?.principal.webRoles ?? [] }, title, content));
}

/** What the store refused, as a page: the status says what kind of problem it was; nothing 500s. */
function refusal(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (isPolicyValidationError(error)) {
    const details = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    return show(request, reply, 'Not published', refusalPage('The policy is not valid.', details), 422);
  }
  if (error instanceof PolicyWidensError) {
    return show(request, reply, 'Not published', refusalPage(error.message, error.findings), 409);
  }
  if (isPolicyStoreError(error)) {
    const status = error.code === 'policy_version_conflict' ? 409 : 400;
    return show(request, reply, 'Not published', refusalPage(error.message, []), status);
  }
  if (error instanceof SyntaxError) {
    return show(
      request,
      reply,
      'Not published',
      refusalPage(`The document is not JSON: ${error.message}`, []),
      400,
    );
  }
  throw error;
}

function publishOptions(request: FastifyRequest, form: Form): PublishOptions {
  const contact = request.viewer.contact;
  const allowWiden = field(form, 'allowWiden') === 'on';
  const reason = field(form, 'reason');
  return {
    author: contact?.id ?? 'unknown',
    comment: field(form, 'comment') ?? '',
    baseVersion: versionOf(field(form, 'baseVersion')),
    ...(allowWiden ? { allowWiden } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * The console's Permissions section: the operator edits the policy as forms, previews who gains and loses
 * what on the seed, publishes (reviewed by the store, refused when it widens without a reason), reads the
 * history and rolls back. Every version names its author and why; anyone else gets 404.
 */
export function registerPermissionRoutes(app: FastifyInstance, store: PolicyStore): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/permissions')) return;
    if (!isSiteOperator(request)) return reply.status(404).type('text/plain').send('Not found');
    if (request.method === 'POST' && isCrossSite(request)) {
      return reply.status(403).type('text/plain').send('cross-site requests may not change permissions');
    }
  });

  app.get('/permissions', async (request, reply) => {
    const snapshot = store.current();
    const document = (await store.document(snapshot.version)) as PolicyInput;
    return show(
      request,
      reply,
      'Permissions',
      editorPage(snapshot, document, await store.history({ limit: 20 })),
    );
  });

  app.post<{ Body: Form }>('/permissions/preview', async (request, reply) => {
    const form = request.body ?? {};
    try {
      const baseVersion = versionOf(field(form, 'baseVersion'));
      const written = field(form, 'document')?.trim();
      const base = baseVersion === null ? {} : ((await store.document(baseVersion)) as PolicyInput);
      const document = written
        ? (JSON.parse(written) as unknown)
        : documentFromForm(base as PolicyInput, form);
      const preview = await store.preview(document, { baseVersion });
      return show(request, reply, 'Preview', previewPage(baseVersion, JSON.stringify(document), preview));
    } catch (error) {
      return refusal(request, reply, error);
    }
  });

  app.post<{ Body: Form }>('/permissions/publish', async (request, reply) => {
    const form = request.body ?? {};
    try {
      const document = JSON.parse(field(form, 'document') ?? '') as unknown;
      const { snapshot } = await store.publish(document, publishOptions(request, form));
      return reply.redirect(`/permissions?published=${snapshot.version}`, 303);
    } catch (error) {
      return refusal(request, reply, error);
    }
  });

  app.post<{ Body: Form }>('/permissions/rollback', async (request, reply) => {
    const form = request.body ?? {};
    try {
      const { snapshot } = await store.rollback(
        Number(field(form, 'version')),
        publishOptions(request, form),
      );
      return reply.redirect(`/permissions?published=${snapshot.version}`, 303);
    } catch (error) {
      return refusal(request, reply, error);
    }
  });
}
