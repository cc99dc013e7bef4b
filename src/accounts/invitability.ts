import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { Policy } from '../policy/policy.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { ContactNotInvitableError } from './invitation-refusals.js';

/** Whether a principal value is a non-empty string. */
export const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value !== '';

/**
 * Why a contact cannot be bound to an account by an invitation (R-SCM-2), or undefined when it can. A contact
 * without an account number is invitable when the invitation assigns one: that is what "Assign to account" is for.
 */
export function invitabilityProblem(
  contact: ContactPrincipal,
  index: number,
  assignsAccount = false,
): ContactNotInvitableError | undefined {
  if (contact.state === 'deleted' || contact.state === 'purged') {
    return new ContactNotInvitableError(`contact "${contact.id}" is ${contact.state}; restore it first`, [
      'contacts',
      index,
      'state',
    ]);
  }
  for (const field of ['legalEntity', 'accountId'] as const) {
    if (field === 'accountId' && assignsAccount) continue;
    if (!present(contact[field])) {
      const label = field === 'legalEntity' ? 'company (legal entity)' : 'customer account number';
      return new ContactNotInvitableError(
        `contact "${contact.id}" has no ${label}; set ${field} before inviting so the invitation binds the right account${field === 'accountId' ? ', or name the account with assignToAccount' : ''}`,
        ['contacts', index, field],
      );
    }
  }
  return undefined;
}

/** Web roles an invitation may assign: defined by the policy and not the Anonymous or Authenticated role. */
export function webRoleIssues(
  policy: Policy,
  roles: readonly string[],
  path: readonly (string | number)[],
): Issue[] {
  const names = policy.webRoles.map((role) => role.name);
  return roles.flatMap((name, index): Issue[] => {
    const role = policy.webRoles.find((candidate) => candidate.name === name);
    if (!role) {
      return [
        {
          code: 'unknown_web_role',
          path: [...path, index],
          message: `web role "${name}" is not defined (${didYouMean(name, names)})`,
        },
      ];
    }
    if (role.anonymousUsers || role.authenticatedUsers) {
      return [
        {
          code: 'builtin_web_role',
          path: [...path, index],
          message: `web role "${name}" is held automatically; do not assign it`,
        },
      ];
    }
    return [];
  });
}
