import type { Issue } from '../base/errors.js';
import type { Policy } from '../policy/policy.js';
import { webRoleIssues } from './invitability.js';
import type { Invitation } from './invitation.js';
import { RegistrationDisabledError } from './invitation-refusals.js';
import { LifecycleInputError } from './refusals.js';
import { assertCodeMatches } from './secret.js';

const isCount = (value: unknown): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isText = (value: unknown): boolean => typeof value === 'string' && value !== '';

const isTextList = (value: unknown): boolean => Array.isArray(value) && value.every(isText);

const problem = (field: string, message: string): Issue => ({
  code: 'invalid_invitation',
  path: ['invitation', field],
  message: `${message}; issue a new invitation`,
});

/** What makes the newcomer fields of a stored invitation unusable: a list that is not one, an empty company. */
function newcomerIssues(invitation: Invitation): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['invitedEmails', 'redeemedEmails', 'redeemedContacts', 'invitedContacts'] as const) {
    if (!isTextList(invitation[field]))
      issues.push(problem(field, `the invitation's ${field} must be a list of non-empty strings`));
  }
  if (!isText(invitation.assignToAccount) || !isText(invitation.assignToLegalEntity)) {
    issues.push(
      problem('assignToAccount', 'a newcomer invitation names the account and the company new contacts join'),
    );
  }
  return issues;
}

/**
 * What makes a stored invitation unusable now: counts or an expiry that are not numbers (every comparison
 * with NaN is false, so it would never expire or never run out), an account, lists or web roles that are
 * malformed, and web roles the current policy no longer accepts (a role deleted or turned into a built-in
 * role since the invitation was issued must not be handed out by it).
 */
export function storedInvitationIssues(policy: Policy, invitation: Invitation): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['maxRedemptions', 'redemptions'] as const) {
    if (!isCount(invitation[field]))
      issues.push(problem(field, `the invitation's ${field} must be a whole number ≥ 0`));
  }
  const { expiresAt } = invitation;
  if (expiresAt !== null && !(typeof expiresAt === 'number' && Number.isFinite(expiresAt))) {
    issues.push(problem('expiresAt', 'the invitation expires at a finite epoch-ms instant, or never (null)'));
  }
  const account = invitation.assignToAccount;
  if (account !== undefined && !isText(account)) {
    issues.push(problem('assignToAccount', 'the invitation assigns an empty or malformed account'));
  }
  if (invitation.invitedAccounts !== undefined && !Array.isArray(invitation.invitedAccounts)) {
    issues.push(problem('invitedAccounts', "the invitation's invitedAccounts must be a list"));
  }
  if (invitation.audience !== undefined) {
    if (invitation.audience === 'newcomers') issues.push(...newcomerIssues(invitation));
    else issues.push(problem('audience', 'the invitation names an unknown audience'));
  }
  // Checked before the names are looked up: a name that is not a string has no did-you-mean to compute.
  const roles: unknown = invitation.assignWebRoles;
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    issues.push(
      problem('assignWebRoles', "the invitation's assignWebRoles must be a list of web role names"),
    );
    return issues;
  }
  for (const issue of webRoleIssues(policy, roles, ['invitation', 'assignWebRoles'])) {
    issues.push({ ...issue, message: `${issue.message}; issue a new invitation` });
  }
  return issues;
}

/**
 * What every redemption checks first, in this order: invitations are on in the policy, the code matches the
 * stored hash (compared in constant time), and the stored invitation is usable now.
 */
export async function assertInvitationOpens(
  policy: Policy,
  invitation: Invitation,
  code: unknown,
): Promise<void> {
  if (!policy.registration.invitations) {
    throw new RegistrationDisabledError(
      'invitations are switched off in the policy; set registration.invitations to true',
    );
  }
  await assertCodeMatches(invitation.codeHash, code);
  const problems = storedInvitationIssues(policy, invitation);
  if (problems.length > 0) throw new LifecycleInputError(problems);
}
