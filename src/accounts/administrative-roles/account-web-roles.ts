import type { PortalAbility } from '../../ability/ability.js';
import type { Issue } from '../../base/errors.js';
import type { ContactPrincipal } from '../../principal/contact.js';
import { type AuditEvent, auditEvent } from '../audit-event.js';
import { instantOf, type LifecycleEnvironment } from '../environment.js';
import { LifecycleInputError } from '../refusals.js';
import { authorize } from './authorize.js';
import { assertMayHandOutWebRole } from './invitation-authority.js';

/** A customer account as the host stores it, with the web roles linked to it (Power Pages' account web roles). */
export interface CustomerAccountInput {
  /** The account number its contacts carry as `accountId`. */
  readonly id: string;
  /** The legal entity of the account, when the host identifies accounts by the pair (D4). */
  readonly legalEntity?: string | null | undefined;
  readonly webRoles?: readonly string[] | undefined;
}

/** An account after a web-role change, and the audit event naming the administrator. */
export interface AdministeredCustomerAccount<TAccount extends CustomerAccountInput> {
  readonly account: TAccount & { readonly webRoles: readonly string[] };
  readonly event: AuditEvent;
}

const present = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Refuses an account without a usable id and contacts that are not under the account. */
function checkInputs(account: CustomerAccountInput, contacts: readonly ContactPrincipal[]): void {
  const issues: Issue[] = [];
  if (!present(account.id)) {
    issues.push({
      code: 'invalid_account',
      path: ['account', 'id'],
      message:
        'an account web role needs the account number its contacts carry as accountId; load the account',
    });
  }
  contacts.forEach((contact, position) => {
    const sameEntity = !present(account.legalEntity) || contact.legalEntity === account.legalEntity;
    if (contact.accountId !== account.id || !sameEntity) {
      issues.push({
        code: 'contact_not_in_account',
        path: ['contacts', position],
        message: `contact "${contact.id}" is not under account "${account.id}"; pass exactly the account's contacts`,
      });
    }
  });
  if (issues.length > 0) throw new LifecycleInputError(issues);
}

/**
 * Authorizes a change of an account's web roles on everything it reaches: `assignRole` on the account (a
 * contact of it standing in, so an account-limited administrator reaches only their own) and on each of its
 * contacts as it is and as it becomes, since the role reaches every one of them (an administrator limited to
 * non-administrators cannot change an administrator's roles this way). Returns the actor's id.
 */
function authorizeAccountChange(
  actor: PortalAbility,
  account: CustomerAccountInput,
  contacts: readonly ContactPrincipal[],
  webRoles: readonly string[],
): string {
  checkInputs(account, contacts);
  const legalEntity = present(account.legalEntity) ? { legalEntity: account.legalEntity } : {};
  const standIn = { kind: 'contact' as const, id: account.id, accountId: account.id, ...legalEntity };
  const actorId = authorize(actor, 'assignRole', standIn);
  for (const contact of contacts) {
    authorize(actor, 'assignRole', contact);
    const becomes: ContactPrincipal = { ...contact, accountWebRoles: webRoles };
    authorize(actor, 'assignRole', becomes);
  }
  return actorId;
}

/**
 * Links a web role to a customer account, so that every contact under it holds the role (`accountWebRoles`).
 * `contacts` are the account's contacts, every one of them: the role reaches each, so each is authorized.
 * The role must be one the actor may hand out (a contact only its own roles), as for `assignWebRole`.
 */
export function assignAccountWebRole<TAccount extends CustomerAccountInput>(
  actor: PortalAbility,
  environment: LifecycleEnvironment,
  account: TAccount,
  role: string,
  contacts: readonly ContactPrincipal[],
): AdministeredCustomerAccount<TAccount> {
  assertMayHandOutWebRole(actor, role);
  const held = account.webRoles ?? [];
  const webRoles = held.includes(role) ? [...held] : [...held, role];
  const actorId = authorizeAccountChange(actor, account, contacts, webRoles);
  return {
    account: { ...account, webRoles },
    event: auditEvent('accountWebRole.assigned', instantOf(environment), account.id, actorId, { role }),
  };
}

/** Unlinks a web role from a customer account, authorized as `assignAccountWebRole` is (the role need not be held). */
export function removeAccountWebRole<TAccount extends CustomerAccountInput>(
  actor: PortalAbility,
  environment: LifecycleEnvironment,
  account: TAccount,
  role: string,
  contacts: readonly ContactPrincipal[],
): AdministeredCustomerAccount<TAccount> {
  const webRoles = (account.webRoles ?? []).filter((name) => name !== role);
  const actorId = authorizeAccountChange(actor, account, contacts, webRoles);
  return {
    account: { ...account, webRoles },
    event: auditEvent('accountWebRole.removed', instantOf(environment), account.id, actorId, { role }),
  };
}
