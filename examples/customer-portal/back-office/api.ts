import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { consoleFailure, parseBody } from '../admin/api.js';
import { SignInRequiredError } from '../admin/errors.js';
import type { Database } from '../db/database.js';
import { nameSchema } from '../edge.js';
import { NotAUserAdministratorError, type SeatPool, UserNotFoundError, userConsole } from './console.js';
import { listBackOfficeOrders } from './orders.js';
import type { InternalUser } from './users.js';

const roleBody = z.strictObject({ role: nameSchema });
const accessModeBody = z.strictObject({
  accessMode: z.enum(['read-write', 'read', 'administrative', 'non-interactive']),
});

/** The JSON an internal user is shown as on the users page. */
export function userJson(user: InternalUser) {
  return {
    id: user.id,
    name: user.name,
    businessUnitId: user.businessUnitId,
    securityRoles: user.securityRoles,
    teams: user.teams ?? [],
    accessMode: user.accessMode,
    licensed: user.licensed,
    state: user.state,
  };
}

/** The status and body of a back-office refusal; `undefined` for errors that are not refusals. */
export function backOfficeFailure(
  error: unknown,
): { status: number; body: Record<string, unknown> } | undefined {
  if (error instanceof NotAUserAdministratorError)
    return { status: 403, body: { error: error.code, message: error.message } };
  if (error instanceof UserNotFoundError)
    return { status: 404, body: { error: error.code, message: error.message } };
  return consoleFailure(error);
}

async function answer(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return reply.send(await work());
  } catch (error) {
    const failure = backOfficeFailure(error);
    if (!failure) throw error;
    return reply.status(failure.status).send(failure.body);
  }
}

/** The user console for the signed-in actor; refused for anyone without an administrative role over users. */
export function userConsoleOf(db: Database, request: FastifyRequest) {
  if (request.ability.principal.kind === 'anonymous') throw new SignInRequiredError();
  const console = userConsole(db, request.ability);
  if (!console.isAdministrator()) throw new NotAUserAdministratorError();
  return console;
}

const seatPoolJson = (pool: SeatPool) => pool;

/** The back office's JSON API: `/api/admin/users/…` for user administrators, `/api/back-office/orders` for staff. */
export function registerBackOfficeApi(app: FastifyInstance, db: Database): void {
  app.get('/api/admin/users', async (request, reply) =>
    answer(reply, async () => {
      const console = userConsoleOf(db, request);
      return {
        users: (await console.users()).map(userJson),
        seatPool: seatPoolJson(await console.seatPool()),
        nonInteractive: await console.nonInteractive(),
      };
    }),
  );

  app.get<{ Params: { id: string } }>('/api/admin/users/:id', async (request, reply) =>
    answer(reply, async () => ({ user: userJson(await userConsoleOf(db, request).user(request.params.id)) })),
  );

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/security-roles/assign', async (request, reply) =>
    answer(reply, async () => {
      const console = userConsoleOf(db, request);
      const { role } = parseBody(roleBody, request.body);
      return { user: userJson(await console.assignRole(request.params.id, role)) };
    }),
  );

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/security-roles/remove', async (request, reply) =>
    answer(reply, async () => {
      const console = userConsoleOf(db, request);
      const { role } = parseBody(roleBody, request.body);
      return { user: userJson(await console.removeRole(request.params.id, role)) };
    }),
  );

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/licence/assign', async (request, reply) =>
    answer(reply, async () => ({
      user: userJson(await userConsoleOf(db, request).assignLicence(request.params.id)),
    })),
  );

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/licence/remove', async (request, reply) =>
    answer(reply, async () => ({
      user: userJson(await userConsoleOf(db, request).removeLicence(request.params.id)),
    })),
  );

  app.put<{ Params: { id: string } }>('/api/admin/users/:id/access-mode', async (request, reply) =>
    answer(reply, async () => {
      const console = userConsoleOf(db, request);
      const { accessMode } = parseBody(accessModeBody, request.body);
      return { user: userJson(await console.setAccessMode(request.params.id, accessMode)) };
    }),
  );

  app.get('/api/back-office/orders', async (request, reply) => {
    if (request.ability.principal.kind !== 'user') {
      return reply.status(403).send({
        error: 'internal_users_only',
        message: 'the back office is for internal users; sign in as one',
      });
    }
    return { orders: await listBackOfficeOrders(db, request.ability) };
  });
}
