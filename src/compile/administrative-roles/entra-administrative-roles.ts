import {
  ADMINISTRATIVE_OPERATIONS,
  ADMINISTRATIVE_TARGET_KINDS,
  type AdministrativeOperation,
  type AdministrativeRole,
} from '../../policy/administrative-role.js';
import { ownEntraRoles } from '../../principal/entra-administrator.js';
import { ENTRA_ROLES, type EntraRole } from '../../principal/user.js';

// Entra's User administrator creates, deletes, restores, disables and enables users, resets passwords,
// invites guests and manages licences; it cannot purge for good (no deletedItems.users/delete) nor hand out
// roles (Privileged Role and Global administrators do), and Dataverse roles are not Entra's to give.
const USER_ADMINISTRATOR: readonly AdministrativeOperation[] = [
  'invite',
  'createUser',
  'updateUser',
  'disable',
  'enable',
  'blockSignIn',
  'resetPassword',
  'deleteAccount',
  'restore',
  'assignLicense',
  'removeLicense',
];

const entraRole = (
  name: EntraRole,
  operations: readonly AdministrativeOperation[],
  nonAdministrators: boolean,
): AdministrativeRole => ({
  name,
  operations,
  targets: { kinds: ADMINISTRATIVE_TARGET_KINDS, nonAdministrators },
  builtIn: true,
  entra: true,
});

/**
 * What each Entra directory role may do to accounts (seed 003, Microsoft Entra built-in roles), tenant-wide:
 * a directory role is not limited to a business unit or a customer account. Helpdesk and Password
 * administrators reset passwords of non-administrators only (Entra also lets them reset each other's: the
 * stricter reading keeps every administrator out of reach). Power Platform and Dynamics 365 administrators
 * administer the environment, not accounts: they hold no operation here.
 */
export const ENTRA_ADMINISTRATIVE_ROLES: ReadonlyMap<EntraRole, AdministrativeRole> = new Map([
  ['Global administrator', entraRole('Global administrator', ADMINISTRATIVE_OPERATIONS, false)],
  ['User administrator', entraRole('User administrator', USER_ADMINISTRATOR, true)],
  ['Helpdesk administrator', entraRole('Helpdesk administrator', ['resetPassword'], true)],
  ['Password administrator', entraRole('Password administrator', ['resetPassword'], true)],
]);

/** The administrative powers an internal user's Entra roles carry, in the order of `ENTRA_ROLES`. */
export function entraAdministrativeRoles(user: object): AdministrativeRole[] {
  const held = new Set(ownEntraRoles(user) ?? []);
  return ENTRA_ROLES.flatMap((name) => {
    const role = ENTRA_ADMINISTRATIVE_ROLES.get(name);
    return role !== undefined && held.has(name) ? [role] : [];
  });
}
