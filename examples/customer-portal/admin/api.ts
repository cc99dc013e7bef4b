import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLifecycleRefusal } from 'portal-permissions/accounts';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { idSchema, nameSchema } from '../edge.js';
import { sessionCookie } from '../session.js';
import { CONTACT_ACTIONS, type ContactAction, contactConsole, redeem } from './console.js';
import type { ManagedContact } from './contacts.js';
import {
  ImportRefusedError,
  InvalidRequestError,
  NotAnAdministratorError,
  SignInRequiredError,
  TargetNotFoundError,
} from './errors.js';

// Ids and names are checked here as everywhere at the edge (edge.ts): the library then decides on them.
const inviteBody = z.strictObject({
  contactIds: z.array(idSchema).min(1).max(100),
  type: z.enum(['single', 'group']).default('single'),
  webRoles: z.array(nameSchema).max(50).default([]),
  accountId: idSchema.optional(),
  maxRedemptions: z.number().int().min(1).max(10_000).optional(),
});
const webRolesBody = z.strictObject({ webRoles: z.array(nameSchema).max(50) });
const csvBody = z.strictObject({ csv: z.string() });
const redeemBody = z.strictObject({ code: z.string().min(1).max(200), contactId: idSchema.optional() });

/** Parses a body or throws an `InvalidRequestError` naming the first bad field. */
export function parseBody<TSchema extends z.ZodType>(schema: TSchema, body: unknown): z.output<TSchema> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  throw new InvalidRequestError(field, issue?.message ?? 'invalid');
}

/** The JSON a contact is shown as: what the console lists, nothing the library keeps for itself. */
export function contactJson(contact: ManagedContact) {
  return {
    id: contact.id,
    name: contact.name,
    accountId: contact.accountId,
    legalEntity: contact.legalEntity,
    state: contact.state,
    webRoles: contact.webRoles,
    mustChangePassword: contact.mustChangePassword,
    updatedAt: contact.updatedAt,
    ...(contact.deletion
      ? { restorableUntil: new Date(contact.deletion.restorableUntil).toISOString() }
      : {}),
  };
}

/** The status and body a console failure answers with; `undefined` for errors that are not refusals. */
export function consoleFailure(
  error: unknown,
): { status: number; body: Record<string, unknown> } | undefined {
  if (error instanceof SignInRequiredError)
    return { status: 401, body: { error: error.code, message: error.message } };
  if (error instanceof NotAnAdministratorError)
    return { status: 403, body: { error: error.code, message: error.message } };
  if (error instanceof TargetNotFoundError)
    return { status: 404, body: { error: error.code, message: error.message } };
  if (error instanceof InvalidRequestError)
    return { status: 400, body: { error: error.code, field: error.field, message: error.message } };
  if (error instanceof ImportRefusedError) {
    const issues = error.issues.map(({ line, column, code, message }) => ({ line, column, code, message }));
    return { status: 400, body: { error: error.code, field: 'csv', message: error.message, issues } };
  }
  if (isLifecycleRefusal(error)) {
    const { code, message, path } = error as Error & { code: string; path: readonly (string | number)[] };
    // An input the library cannot use names its field; any other refusal is the library's "no, because …".
    if (code === 'invalid_lifecycle_input' || code === 'invalid_bulk_import')
      return { status: 400, body: { error: code, field: path.join('.'), message } };
    return { status: 403, body: { error: code, message } };
  }
  return undefined;
}

/** Sends what `work` returns with `status`, or the status and body of a console refusal (anything else rethrows). */
export async function answer(reply: FastifyReply, work: () => Promise<unknown>, status = 200) {
  try {
    const body = await work();
    return reply.status(status).send(body);
  } catch (error) {
    const failure = consoleFailure(error);
    if (!failure) throw error;
    return reply.status(failure.status).send(failure.body);
  }
}

/**
 * The console for the signed-in actor: a visitor is asked to sign in (401), anyone without an administrative
 * role over contacts is refused (403).
 */
export function consoleOf(db: Database, request: FastifyRequest) {
  if (request.ability.principal.kind === 'anonymous') throw new SignInRequiredError();
  const administration = contactConsole(db, request.ability);
  if (!administration.isAdministrator()) throw new NotAnAdministratorError();
  return administration;
}

/** The console's JSON API under `/api/admin/…`, and redeeming an invitation at `/api/invitations/redeem`. */
export function registerAdministrationApi(app: FastifyInstance, db: Database): void {
  app.get('/api/admin/contacts', async (request, reply) =>
    answer(reply, async () => ({
      contacts: (await consoleOf(db, request).contacts()).map(contactJson),
    })),
  );

  app.get<{ Params: { id: string } }>('/api/admin/contacts/:id', async (request, reply) =>
    answer(reply, async () => ({
      contact: contactJson(await consoleOf(db, request).contact(request.params.id)),
    })),
  );

  app.post('/api/admin/invitations', async (request, reply) =>
    answer(
      reply,
      async () => {
        const administration = consoleOf(db, request);
        const { invitation, code } = await administration.invite(parseBody(inviteBody, request.body));
        // The code leaves the server once, here; the database keeps its hash only.
        return {
          invitation: {
            id: invitation.id,
            type: invitation.type,
            invitedContacts: invitation.invitedContacts,
            assignWebRoles: invitation.assignWebRoles,
            maxRedemptions: invitation.maxRedemptions,
            expiresAt: invitation.expiresAt === null ? null : new Date(invitation.expiresAt).toISOString(),
          },
          code,
        };
      },
      201,
    ),
  );

  app.put<{ Params: { id: string } }>('/api/admin/contacts/:id/web-roles', async (request, reply) =>
    answer(reply, async () => {
      const administration = consoleOf(db, request);
      const { webRoles } = parseBody(webRolesBody, request.body);
      return { contact: contactJson(await administration.setWebRoles(request.params.id, webRoles)) };
    }),
  );

  for (const action of CONTACT_ACTIONS) {
    app.post<{ Params: { id: string } }>(`/api/admin/contacts/:id/${action}`, async (request, reply) =>
      answer(reply, async () => ({
        contact: contactJson(await consoleOf(db, request).act(request.params.id, action as ContactAction)),
      })),
    );
  }

  app.post('/api/admin/contacts/import/preview', async (request, reply) =>
    answer(reply, async () => {
      const administration = consoleOf(db, request);
      const preview = await administration.previewImport(parseBody(csvBody, request.body).csv);
      return {
        valid: preview.issues.length === 0,
        contacts: preview.contacts,
        issues: preview.issues.map(({ line, column, code, message }) => ({ line, column, code, message })),
      };
    }),
  );

  app.post('/api/admin/contacts/import', async (request, reply) =>
    answer(
      reply,
      async () => {
        const administration = consoleOf(db, request);
        return { imported: await administration.importContacts(parseBody(csvBody, request.body).csv) };
      },
      201,
    ),
  );

  app.get('/api/admin/audit', async (request, reply) =>
    answer(reply, async () => ({ events: await consoleOf(db, request).audit() })),
  );

  app.post('/api/invitations/redeem', async (request, reply) =>
    answer(reply, async () => {
      const contact = await redeem(db, request.ability.policy, parseBody(redeemBody, request.body));
      // Redeeming signs the invitee in (the development cookie, as the sign-in page sets it).
      reply.header('set-cookie', sessionCookie(contact.id));
      return { contact: contactJson(contact) };
    }),
  );
}
