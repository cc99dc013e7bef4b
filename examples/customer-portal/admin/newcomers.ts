import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { abilityFor, type PortalAbility } from 'portal-permissions';
import {
  EMAIL_MAX_LENGTH,
  type Invitation,
  type InvitationStore,
  inviteNewcomers,
  registerWithStore,
  systemEnvironment,
} from 'portal-permissions/accounts';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { idSchema, nameSchema } from '../edge.js';
import { html } from '../html.js';
import { sessionCookie } from '../session.js';
import { answer, consoleFailure, contactJson, parseBody } from './api.js';
import { auditedActions, recordAccepted, recordRefused } from './audit.js';
import { grantableWebRoles, isContactAdministrator, loadContactRow, principalOfContact } from './contacts.js';
import {
  InvalidRequestError,
  isConsoleRefusal,
  NotAnAdministratorError,
  SignInRequiredError,
} from './errors.js';
import { checked, type Form, NAV, refusal, show } from './page-parts.js';

// Invitations to people who are not contacts yet: an address (single) or a group code. Only the code's hash is
// stored; each registration creates one contact, and the unique index keeps one contact per address.
const statements = [
  'ALTER TABLE contact ADD COLUMN IF NOT EXISTS email text',
  'CREATE UNIQUE INDEX IF NOT EXISTS contact_email ON contact (email)',
];

// Bounded at the edge like every body (edge.ts); the library then decides on the address and the code.
const emailSchema = z.string().max(EMAIL_MAX_LENGTH + 66, 'too long for an email address');
const newcomerBody = z.strictObject({
  type: z.enum(['single', 'group']).default('single'),
  emails: z.array(emailSchema).max(100).default([]),
  maxRedemptions: z.number().int().min(1).max(10_000).optional(),
  webRoles: z.array(nameSchema).max(50).default([]),
  accountId: idSchema.optional(),
  legalEntity: idSchema.optional(),
});
const registerBody = z.strictObject({
  code: z.string().min(1).max(256),
  email: emailSchema,
  name: nameSchema.optional(),
});

/** Creates the column and index registration needs; idempotent, so it runs on every start. */
export async function migrateNewcomers(db: Database): Promise<void> {
  for (const statement of statements) await db.query(statement);
}

function inviter(request: FastifyRequest): PortalAbility {
  if (request.ability.principal.kind === 'anonymous') throw new SignInRequiredError();
  if (!isContactAdministrator(request.ability)) throw new NotAnAdministratorError();
  return request.ability;
}

/** Sends an invitation to newcomers as the signed-in administrator; the code is returned once. */
export async function inviteNewcomersAs(db: Database, request: FastifyRequest, body: unknown) {
  const ability = inviter(request);
  const input = parseBody(newcomerBody, body);
  if ((input.accountId === undefined) !== (input.legalEntity === undefined))
    throw new InvalidRequestError(
      'legalEntity',
      'name the account and its legal entity together, or neither',
    );
  const actorId = ability.principal.kind === 'anonymous' ? undefined : ability.principal.id;
  const perform = auditedActions(db, actorId, isConsoleRefusal);
  return perform('invitation.create', input.emails.join(',') || 'group code', async (tx) => {
    const { invitation, code, event } = await inviteNewcomers(ability, systemEnvironment, {
      type: input.type,
      emails: input.emails,
      assignWebRoles: input.webRoles,
      ...(input.maxRedemptions === undefined ? {} : { maxRedemptions: input.maxRedemptions }),
      ...(input.accountId && input.legalEntity
        ? { account: { accountId: input.accountId, legalEntity: input.legalEntity } }
        : {}),
    });
    await tx.query(
      'INSERT INTO invitation (id, code_hash, redemptions, data, created_by) VALUES ($1, $2, $3, $4, $5)',
      [invitation.id, invitation.codeHash, invitation.redemptions, invitation, actorId ?? null],
    );
    return { result: { invitation, code }, events: [event] };
  });
}

// The store registration writes through: a compare-and-set on `redemptions` and the new contact, in one transaction.
function storeOf(db: Database, name: string | undefined): InvitationStore {
  return {
    async findByCodeHash(codeHash) {
      const { rows } = await db.query('SELECT data, redemptions FROM invitation WHERE code_hash = $1', [
        codeHash,
      ]);
      return rows[0]
        ? { ...(rows[0].data as Invitation), redemptions: Number(rows[0].redemptions) }
        : undefined;
    },
    commitRegistration: (registration) =>
      db.transaction(async (tx) => {
        const counted = await tx.query(
          'UPDATE invitation SET data = $2, redemptions = $3 WHERE id = $1 AND redemptions = $4 RETURNING id',
          [
            registration.invitation.id,
            registration.invitation,
            registration.invitation.redemptions,
            registration.expectedRedemptions,
          ],
        );
        if (counted.rows.length === 0) return false;
        const { contact } = registration;
        try {
          await tx.query(
            `INSERT INTO contact (id, name, account_id, legal_entity, web_roles, state, registered_via, email)
             VALUES ($1, $2, $3, $4, $5, 'active', 'invitation', $6)`,
            [
              contact.id,
              name ?? registration.email,
              contact.accountId,
              contact.legalEntity,
              [...(contact.webRoles ?? [])],
              registration.email,
            ],
          );
        } catch (error) {
          // The unique index on the address: one contact per person, even when two registrations race.
          if ((error as { code?: unknown }).code !== '23505') throw error;
          throw new InvalidRequestError(
            'email',
            'a contact with this address exists already; sign in instead',
          );
        }
        return true;
      }),
  };
}

/** Registers a visitor with a code and an address, creating their contact; refusals are audited. */
export async function registerNewcomer(db: Database, request: FastifyRequest, body: unknown) {
  const input = parseBody(registerBody, body);
  const { policy } = request.ability;
  try {
    const registration = await registerWithStore(systemEnvironment, storeOf(db, input.name), {
      policy,
      code: input.code,
      email: input.email,
      contactId: `c-${randomUUID()}`,
      visitor: request.ability.principal,
      // The issuer as they are now: a deleted issuer is a principal with no rights, so registration is refused.
      issuerOf: async (issuedBy) => {
        const row = issuedBy === '' ? undefined : await loadContactRow(db, issuedBy);
        const principal = row
          ? principalOfContact(row)
          : { kind: 'contact' as const, id: issuedBy, state: 'deleted' as const };
        return abilityFor(policy, principal);
      },
    });
    await recordAccepted(db, registration.event);
    const row = await loadContactRow(db, registration.contact.id);
    if (!row) throw new Error(`registered contact ${registration.contact.id} was not written`);
    return row;
  } catch (error) {
    if (isConsoleRefusal(error)) {
      const { code, message } = error as { code: string; message: string };
      await recordRefused(db, {
        actorId: undefined,
        type: 'invitation.register',
        targetId: undefined,
        code,
        message,
      });
    }
    throw error;
  }
}

const registerForm = html`<form method="post" action="/invitations/register" data-testid="register-form"><fieldset>
  <label>Invitation code <input name="code" required autocomplete="off" data-testid="register-code"></label>
  <label>Your email address <input name="email" type="email" required data-testid="register-email"></label>
  <label>Your name <input name="name" data-testid="register-name"></label>
  <button data-testid="register-submit">Register and sign in</button></fieldset></form>`;

/** The API and the pages: sending both kinds from the console, registering with a code as a visitor. */
export function registerNewcomerInvitations(app: FastifyInstance, db: Database): void {
  app.post('/api/admin/invitations/newcomers', async (request, reply) =>
    answer(
      reply,
      async () => {
        const { invitation, code } = await inviteNewcomersAs(db, request, request.body);
        return { invitation: invitationJson(invitation), code };
      },
      201,
    ),
  );

  app.post('/api/invitations/register', async (request, reply) =>
    answer(
      reply,
      async () => {
        const contact = await registerNewcomer(db, request, request.body);
        reply.header('set-cookie', sessionCookie(contact.id));
        return { contact: contactJson(contact) };
      },
      201,
    ),
  );

  app.get('/admin/invite-newcomers', async (request, reply) => {
    try {
      const roles = grantableWebRoles(inviter(request));
      return show(
        request,
        reply,
        'Invite new people',
        html`${NAV}<form method="post" action="/admin/invite-newcomers" data-testid="newcomer-form"><fieldset>
        <label>Invitation <select name="type" data-testid="newcomer-type"><option value="single">one person, by email</option><option value="group">group code</option></select></label>
        <label>Email address (one person) <input name="email" type="email" data-testid="newcomer-email"></label>
        <label>How many people may register (group code) <input name="maxRedemptions" type="number" min="1" max="10000" data-testid="newcomer-max"></label>
        ${roles.map((role) => html`<label><input type="checkbox" name="role:${role}" data-testid="newcomer-role-${role}"> ${role}</label>`)}
        <button data-testid="newcomer-submit">Create invitation</button></fieldset></form>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/orders');
    }
  });

  app.post<{ Body: Form }>('/admin/invite-newcomers', async (request, reply) => {
    try {
      const form = request.body ?? {};
      const group = form.type === 'group';
      const { invitation, code } = await inviteNewcomersAs(db, request, {
        type: group ? 'group' : 'single',
        emails: group || !form.email ? [] : [form.email],
        ...(group && form.maxRedemptions ? { maxRedemptions: Number(form.maxRedemptions) } : {}),
        webRoles: checked(form, 'role:'),
      });
      return show(
        request,
        reply,
        'Invitation created',
        html`${NAV}<p>Send this code to
        ${invitation.invitedEmails?.join(', ') || `up to ${invitation.maxRedemptions} people`}. <strong>It is shown only now</strong>:
        the portal keeps only its hash. They register at <a href="/invitations/register">/invitations/register</a>.</p>
        <p><code data-testid="invitation-code">${code}</code></p>`,
      );
    } catch (error) {
      return refusal(request, reply, error, '/admin/invite-newcomers');
    }
  });

  app.get('/invitations/register', async (request, reply) =>
    show(request, reply, 'Register with an invitation', registerForm),
  );

  app.post<{ Body: Form }>('/invitations/register', async (request, reply) => {
    try {
      const form = request.body ?? {};
      const contact = await registerNewcomer(db, request, {
        code: form.code ?? '',
        email: form.email ?? '',
        ...(form.name ? { name: form.name } : {}),
      });
      return reply.header('set-cookie', sessionCookie(contact.id)).redirect('/orders', 303);
    } catch (error) {
      const failure = consoleFailure(error);
      if (!failure) throw error;
      const message = html`<p class="error" data-testid="refusal">${String(failure.body.message)}</p>`;
      return show(request, reply, 'Not registered', html`${message}${registerForm}`, failure.status);
    }
  });
}

/** What the console shows of an invitation to newcomers: never the code's hash. */
function invitationJson(invitation: Invitation) {
  return {
    id: invitation.id,
    type: invitation.type,
    invitedEmails: invitation.invitedEmails ?? [],
    assignWebRoles: invitation.assignWebRoles,
    maxRedemptions: invitation.maxRedemptions,
    accountId: invitation.assignToAccount ?? null,
    legalEntity: invitation.assignToLegalEntity ?? null,
    expiresAt: invitation.expiresAt === null ? null : new Date(invitation.expiresAt).toISOString(),
  };
}
