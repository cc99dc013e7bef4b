import { z } from 'zod';
import { nameSchema } from '../base/names.js';
import type { ReadonlyInput } from '../base/readonly-input.js';
import { roleAssignmentSchema } from '../policy/security-role.js';
import { accountStateSchema } from './account-state.js';
import { reportsSchema } from './reports-schema.js';

/** How an internal user may use the system (Dataverse `systemuser.accessmode`). */
export const ACCESS_MODES = ['read-write', 'read', 'administrative', 'non-interactive'] as const;

/** An internal user's access mode. */
export type AccessMode = (typeof ACCESS_MODES)[number];

/** Kinds of internal user: a person, an application (server-to-server identity), or an import placeholder. */
export const USER_TYPES = ['person', 'application', 'stub'] as const;

/** The kind of an internal user. */
export type UserType = (typeof USER_TYPES)[number];

/** The channel a request comes through: non-interactive users may act only in `api` sessions. */
export const SESSIONS = ['api', 'interactive'] as const;

/** The channel of a request. */
export type Session = (typeof SESSIONS)[number];

/**
 * Entra directory roles an internal user may hold in the tenant. Global, Power Platform and Dynamics 365
 * administrators administer the environment (seed 002): they hold the policy's
 * `internalUsers.systemAdministratorRole` automatically and, unlicensed, work in administrative access mode.
 * Global, User, Helpdesk and Password administrators administer accounts as Entra lets them (seed 003).
 * Not the library's administrative roles (`administrativeRoles`), though some share a name.
 */
export const ENTRA_ROLES = [
  'Global administrator',
  'Power Platform administrator',
  'Dynamics 365 administrator',
  'User administrator',
  'Helpdesk administrator',
  'Password administrator',
] as const;

/** An Entra administrator role of an internal user. */
export type EntraRole = (typeof ENTRA_ROLES)[number];

/** An internal user: a member of staff reaching records through security roles, directly and through teams. */
export const userPrincipalSchema = z.strictObject({
  kind: z.literal('user'),
  /** Shares the owner namespace with team ids: a record's owner field holds either. */
  id: nameSchema,
  /** Every user belongs to exactly one business unit. */
  businessUnitId: nameSchema,
  /** Roles assigned directly; an object names the unit the role is assigned from (matrix data access). */
  securityRoles: z.array(roleAssignmentSchema).optional(),
  /** Administrative roles the user holds (who they may invite, reset, disable…); they grant no data access. */
  administrativeRoles: z.array(nameSchema).optional(),
  /** Entra administrator roles from the tenant; any other value is refused (a typo must not make an administrator). */
  entraRoles: z.array(z.enum(ENTRA_ROLES)).optional(),
  /** Column security profiles held directly (teams add theirs); they never grant row access. */
  columnSecurityProfiles: z.array(nameSchema).optional(),
  /** Teams the user is a member of. */
  teams: z.array(nameSchema).optional(),
  /** Defaults to `read-write`. */
  accessMode: z.enum(ACCESS_MODES).optional(),
  /** `false` denies everything. Defaults to `true`; use `state` for the account's lifecycle. */
  enabled: z.boolean().optional(),
  /** Whether the user holds a licence; missing means unlicensed (fail closed). */
  licensed: z.boolean().optional(),
  /** Defaults to `person`. */
  userType: z.enum(USER_TYPES).optional(),
  /** The channel of the current request when the principal carries it; `abilityFor`'s option overrides it. */
  session: z.enum(SESSIONS).optional(),
  /** Anything but `active` gets no access at all. */
  state: accountStateSchema.optional(),
  /** After a password reset: no data access until the password is changed. */
  mustChangePassword: z.boolean().optional(),
  /** Whose rows hierarchy security lets the user reach (`hierarchyReports` computes them); ignored when the policy has no hierarchy. */
  reports: reportsSchema.optional(),
  /** Re-enabled after being disabled: no sign-in and no data access until the user accepts a new invitation. */
  invitationPending: z.boolean().optional(),
});

/** An internal user. */
export type UserPrincipal = ReadonlyInput<z.input<typeof userPrincipalSchema>>;
