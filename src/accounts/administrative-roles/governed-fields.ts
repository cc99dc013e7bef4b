import type { Issue } from '../../base/errors.js';
import { ownValue } from '../../base/own.js';
import { LifecycleInputError } from '../refusals.js';

/**
 * Fields `updateUser` may not change: each has its own operation (state, passwords, licences, roles, teams)
 * or never changes (identity), so an update can never be a back door to a privilege.
 */
export const GOVERNED_FIELDS = [
  'kind',
  'id',
  'state',
  'enabled',
  'mustChangePassword',
  'licensed',
  'securityRoles',
  'teams',
  'webRoles',
  'administrativeRoles',
  'accessMode',
  'userType',
  'registeredVia',
  // Entra roles come from the tenant; the pending invitation only the user lifts; a move has its own rules.
  'entraRoles',
  'invitationPending',
  'businessUnitId',
] as const;

/** The governed fields whose values differ between two versions of an account. */
export function governedChanges(before: object, after: object): string[] {
  const read = (value: object, key: string): unknown =>
    JSON.stringify((value as Record<string, unknown>)[key]);
  return GOVERNED_FIELDS.filter((field) => read(before, field) !== read(after, field));
}

/** Refuses an update that changes governed fields, naming each field's own operation. */
export function refuseGoverned(fields: readonly string[]): never {
  throw new LifecycleInputError(
    fields.map((field) => ({
      code: 'governed_field',
      path: ['after', field],
      message: `"${field}" cannot be changed by an update; use its own operation (state changes, resetPassword, licences, role assignment)`,
    })),
  );
}

const ROLE_LISTS = ['securityRoles', 'webRoles', 'administrativeRoles', 'teams', 'entraRoles'] as const;

/** The values a new account may start with in each governed field it may set at all. */
const CREATABLE: Readonly<Record<string, readonly unknown[]>> = {
  licensed: [undefined, false],
  accessMode: [undefined, 'read-write', 'read'],
  userType: [undefined, 'person', 'stub'],
  state: [undefined, 'active', 'blocked', 'disabled'],
  registeredVia: [undefined, 'administrator'],
};

const CREATION_HINTS: Readonly<Record<string, string>> = {
  licensed: 'create it unlicensed, then use assignLicences (it checks assignLicense and the seat pool)',
  accessMode:
    'create it read-write or read, then use changeAccessMode (it enforces the limit of non-interactive users)',
  userType: 'application users are registered by the host (importUsers), not by an administrator',
  state: 'a new account starts active, blocked or disabled',
  registeredVia: 'an account an administrator creates is registered via "administrator"',
};

/** What keeps `account` from being created as it is (an empty list when nothing does). */
// A new account must not start with anything the operation that governs a field would refuse: creating is
// never a way around assignRole, assignLicense, the seat pool or the non-interactive limit.
export function creationIssues(account: object): Issue[] {
  const own = (field: string): unknown => ownValue(account, field);
  const issues: Issue[] = [];
  for (const field of ROLE_LISTS) {
    const value = own(field);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      issues.push({
        code: 'governed_field',
        path: ['account', field],
        message: `a new account holds no ${field}; create it without them and assign each through its own operation`,
      });
    }
  }
  for (const [field, allowed] of Object.entries(CREATABLE)) {
    if (!allowed.includes(own(field))) {
      issues.push({
        code: 'governed_field',
        path: ['account', field],
        message: `a new account cannot start with ${field} ${JSON.stringify(own(field))}; ${CREATION_HINTS[field]}`,
      });
    }
  }
  if (own('userType') === 'stub' && own('enabled') === true) {
    issues.push({
      code: 'stub_user',
      path: ['account', 'enabled'],
      message: 'a stub user cannot be enabled; set enabled to false',
    });
  }
  return issues;
}
