import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalAbility } from 'portal-permissions';
import {
  type AuditEvent,
  administrationBy,
  administrativeTarget,
  type LifecycleEnvironment,
  systemEnvironment,
} from 'portal-permissions/accounts';
import { z } from 'zod';
import type { Database, Queryable, Row } from '../db/database.js';
import { nameSchema } from '../edge.js';
import { consoleFailure, consoleOf, parseBody } from './api.js';
import { auditedActions } from './audit.js';
import { loadContacts, principalOfContact } from './contacts.js';
import { isConsoleRefusal, TargetNotFoundError } from './errors.js';

/** A customer account and the web roles linked to it, which every contact under it holds (D41). */
export interface CustomerAccount {
  readonly id: string;
  readonly legalEntity: string;
  readonly name: string;
  readonly webRoles: readonly string[];
}

const webRolesBody = z.strictObject({ webRoles: z.array(nameSchema).max(50) });

const accountFromRow = (row: Row): CustomerAccount => ({
  id: String(row.account_number),
  legalEntity: String(row.legal_entity),
  name: String(row.name),
  webRoles: Array.isArray(row.web_roles) ? row.web_roles.map(String) : [],
});

/**
 * True when the actor may change the roles of some contact of the account: the console shows the account. A
 * contact of it stands in, as the library's own check does, so a customer's administrator sees her company only.
 */
function mayAdminister(ability: PortalAbility, account: CustomerAccount): boolean {
  const standIn = {
    kind: 'contact' as const,
    id: account.id,
    accountId: account.id,
    legalEntity: account.legalEntity,
  };
  return ability.can('assignRole', administrativeTarget(ability.policy, standIn));
}

async function loadAccount(
  db: Queryable,
  legalEntity: string,
  id: string,
  forUpdate = false,
): Promise<CustomerAccount | undefined> {
  const { rows } = await db.query(
    `SELECT legal_entity, account_number, name, web_roles FROM customer_account
     WHERE legal_entity = $1 AND account_number = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [legalEntity, id],
  );
  return rows[0] ? accountFromRow(rows[0]) : undefined;
}

/**
 * The account side of the console for one signed-in actor: list the accounts it may administer and change
 * their web roles through `assignAccountWebRole` / `removeAccountWebRole`, which check the role (no
 * elevation), the account and every contact under it. One transaction per change; a refusal is audited.
 */
export function accountConsole(
  db: Database,
  ability: PortalAbility,
  environment: LifecycleEnvironment = systemEnvironment,
) {
  const administration = administrationBy(ability, environment);
  const actorId = ability.principal.kind === 'anonymous' ? undefined : ability.principal.id;
  const perform = auditedActions(db, actorId, isConsoleRefusal);

  async function visible(tx: Queryable, legalEntity: string, id: string): Promise<CustomerAccount> {
    const account = await loadAccount(tx, legalEntity, id, true);
    // An account the actor may not administer answers exactly like one that does not exist.
    if (!account || !mayAdminister(ability, account))
      throw new TargetNotFoundError(`${legalEntity}/${id}`, 'customer account');
    return account;
  }

  return {
    /** The accounts whose web roles the actor may change. */
    async accounts(): Promise<CustomerAccount[]> {
      const { rows } = await db.query(
        'SELECT legal_entity, account_number, name, web_roles FROM customer_account ORDER BY name, account_number',
      );
      return rows.map(accountFromRow).filter((account) => mayAdminister(ability, account));
    },

    /** One account the actor may administer, or a `TargetNotFoundError`. */
    async account(legalEntity: string, id: string): Promise<CustomerAccount> {
      const account = await loadAccount(db, legalEntity, id);
      if (!account || !mayAdminister(ability, account))
        throw new TargetNotFoundError(`${legalEntity}/${id}`, 'customer account');
      return account;
    },

    /** Replaces an account's web roles, removing then adding one role at a time, each decided by the library. */
    setWebRoles(legalEntity: string, id: string, webRoles: readonly string[]) {
      return perform('account.webRoles', `${legalEntity}/${id}`, async (tx) => {
        let account = await visible(tx, legalEntity, id);
        // Every contact under the account: the library authorizes the change on each (the role reaches them all).
        const contacts = (await loadContacts(tx))
          .filter((contact) => contact.accountId === id && contact.legalEntity === legalEntity)
          .map(principalOfContact);
        const events: AuditEvent[] = [];
        const before = account.webRoles;
        for (const role of before.filter((role) => !webRoles.includes(role))) {
          const removed = administration.removeAccountWebRole(account, role, contacts);
          account = removed.account;
          events.push(removed.event);
        }
        for (const role of webRoles.filter((role) => !before.includes(role))) {
          const assigned = administration.assignAccountWebRole(account, role, contacts);
          account = assigned.account;
          events.push(assigned.event);
        }
        await tx.query(
          'UPDATE customer_account SET web_roles = $3 WHERE legal_entity = $1 AND account_number = $2',
          [legalEntity, id, [...account.webRoles]],
        );
        return { result: account, events };
      });
    },
  };
}

const accountJson = (account: CustomerAccount) => ({
  id: account.id,
  legalEntity: account.legalEntity,
  name: account.name,
  webRoles: account.webRoles,
});

async function answer(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return reply.status(200).send(await work());
  } catch (error) {
    const failure = consoleFailure(error);
    if (!failure) throw error;
    return reply.status(failure.status).send(failure.body);
  }
}

/** The console for the signed-in actor, refused as the contact console is (401, 403). */
function accountsOf(db: Database, request: FastifyRequest) {
  consoleOf(db, request);
  return accountConsole(db, request.ability);
}

type AccountParams = { Params: { legalEntity: string; id: string } };

/**
 * The account routes of the console's JSON API: `GET /api/admin/accounts`, `GET` and `PUT
 * /api/admin/accounts/:legalEntity/:id[/web-roles]`. Parameters are ids (checked at the edge, edge.ts),
 * role names are bounded storable text, and the PUT is refused cross-site (cross-site.ts).
 */
export function registerAccountRolesApi(app: FastifyInstance, db: Database): void {
  app.get('/api/admin/accounts', async (request, reply) =>
    answer(reply, async () => ({ accounts: (await accountsOf(db, request).accounts()).map(accountJson) })),
  );
  app.get<AccountParams>('/api/admin/accounts/:legalEntity/:id', async (request, reply) =>
    answer(reply, async () => ({
      account: accountJson(
        await accountsOf(db, request).account(request.params.legalEntity, request.params.id),
      ),
    })),
  );
  app.put<AccountParams>('/api/admin/accounts/:legalEntity/:id/web-roles', async (request, reply) =>
    answer(reply, async () => {
      const accounts = accountsOf(db, request);
      const { webRoles } = parseBody(webRolesBody, request.body);
      const { legalEntity, id } = request.params;
      return { account: accountJson(await accounts.setWebRoles(legalEntity, id, webRoles)) };
    }),
  );
}
