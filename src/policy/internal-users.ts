import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, nameSchema } from '../base/names.js';
import type { SecurityRole } from './security-role.js';

/**
 * Organization settings for internal users' lifecycle (seed 002, SPEC 2.4 and 2.6): which security role the
 * Entra administrators get automatically, which roles stub users get on import, and whether a business-unit
 * change keeps a user's roles.
 */
export const internalUsersSchema = z.strictObject({
  /**
   * The security role Entra Global, Power Platform and Dynamics 365 administrators hold automatically (the
   * System Administrator role of Dataverse). Unset: they get no automatic role.
   */
  systemAdministratorRole: nameSchema.optional(),
  /**
   * The roles a stub user (an import placeholder) gets when imported without roles. Unset: "Basic User", or
   * else "Salesperson", when the policy defines a role of that name (seed 002); `[]` gives none.
   */
  stubUserRoles: z.array(nameSchema).optional(),
  /** Dataverse's organization setting: a business-unit change keeps the user's roles. Off by default. */
  DoNotRemoveRolesOnChangeBusinessUnit: z.boolean().optional(),
});

/** Internal-user settings as written in a policy. */
export type InternalUsersInput = z.input<typeof internalUsersSchema>;

/** Internal-user settings with every default applied. */
export interface InternalUserSettings {
  /** The role Entra administrators hold automatically, or `undefined` when the policy names none. */
  readonly systemAdministratorRole: string | undefined;
  readonly stubUserRoles: readonly string[];
  readonly DoNotRemoveRolesOnChangeBusinessUnit: boolean;
}

/** The roles seed 002 gives stub users, in the order a policy without `stubUserRoles` looks for them. */
export const SEED_STUB_USER_ROLES = ['Basic User', 'Salesperson'] as const;

/** Applies the defaults: no automatic administrator role, the seed's stub role when defined, roles removed on a move. */
export function resolveInternalUsers(
  input: z.output<typeof internalUsersSchema> | undefined,
  securityRoles: readonly SecurityRole[],
): InternalUserSettings {
  const defined = new Set(securityRoles.map((role) => role.name));
  const seedRole = SEED_STUB_USER_ROLES.find((name) => defined.has(name));
  return {
    systemAdministratorRole: input?.systemAdministratorRole,
    stubUserRoles: input?.stubUserRoles ?? (seedRole === undefined ? [] : [seedRole]),
    DoNotRemoveRolesOnChangeBusinessUnit: input?.DoNotRemoveRolesOnChangeBusinessUnit ?? false,
  };
}

/** Cross-checks: every role the settings name is a security role of the policy. */
export function checkInternalUsers(
  input: z.output<typeof internalUsersSchema> | undefined,
  securityRoles: readonly SecurityRole[],
): Issue[] {
  if (input === undefined) return [];
  const names = securityRoles.map((role) => role.name);
  const issues: Issue[] = [];
  const check = (name: string, path: (string | number)[], what: string): void => {
    if (names.includes(name)) return;
    issues.push({
      code: 'unknown_security_role',
      path,
      message: `${what} "${name}" is not defined under "securityRoles" (${didYouMean(name, names)}); define it or fix the name`,
    });
  };
  if (input.systemAdministratorRole !== undefined) {
    check(
      input.systemAdministratorRole,
      ['internalUsers', 'systemAdministratorRole'],
      'the system administrator role',
    );
  }
  (input.stubUserRoles ?? []).forEach((name, position) => {
    check(name, ['internalUsers', 'stubUserRoles', position], 'stub user role');
  });
  return issues;
}
