import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { nameSchema } from '../base/names.js';

/**
 * What administrative roles allow, as the actions of the same ability that answers data questions.
 * `deleteAccount` is not `delete`: a data grant to delete rows of a `contact` table must never let anyone
 * delete a contact's account, so no operation shares a name with a table or security-role privilege.
 * `assignRole` covers security roles, web roles and teams; `manageRoles` covers administrative roles.
 */
export const ADMINISTRATIVE_OPERATIONS = [
  'invite',
  'createUser',
  'updateUser',
  'disable',
  'enable',
  'blockSignIn',
  'resetPassword',
  'deleteAccount',
  'restore',
  'purge',
  'assignLicense',
  'removeLicense',
  'assignRole',
  'manageRoles',
] as const;

/** One administrative operation. */
export type AdministrativeOperation = (typeof ADMINISTRATIVE_OPERATIONS)[number];

/** Each operation in words, for refusals that name what is missing (`KIND` is `user` or `contact`). */
export const ADMINISTRATIVE_OPERATION_WORDS: Readonly<Record<AdministrativeOperation, string>> = {
  invite: 'invite KIND accounts',
  createUser: 'create KIND accounts',
  updateUser: 'update KIND accounts',
  disable: 'disable KIND accounts',
  enable: 'enable KIND accounts',
  blockSignIn: 'block or unblock the sign-in of KIND accounts',
  resetPassword: 'reset passwords of KIND accounts',
  deleteAccount: 'delete KIND accounts',
  restore: 'restore KIND accounts',
  purge: 'purge KIND accounts',
  assignLicense: 'assign licences to KIND accounts',
  removeLicense: 'remove licences from KIND accounts',
  assignRole: 'assign roles to KIND accounts',
  manageRoles: 'give or take administrative roles of KIND accounts',
};

/** The kinds of account an administrative role acts on: they are the subject types of its rules. */
export const ADMINISTRATIVE_TARGET_KINDS = ['user', 'contact'] as const;

/** The kind of account an administrative operation targets (`subject('user', …)`, `subject('contact', …)`). */
export type AdministrativeTargetKind = (typeof ADMINISTRATIVE_TARGET_KINDS)[number];

/** Which accounts a role may act on; every limit narrows, and no limit means every account of its kinds. */
export const administrativeTargetsSchema = z.strictObject({
  /** The kinds of account; both unless listed. */
  kinds: z.array(z.enum(ADMINISTRATIVE_TARGET_KINDS)).min(1).optional(),
  /** Only accounts that hold no administrative role (a password administrator cannot reset an administrator's password). */
  nonAdministrators: z.boolean().optional(),
  /** Users only: users of the actor's business unit or a unit below it. */
  businessUnit: z.literal('sameOrBelow').optional(),
  /** Contacts only: contacts of the actor's own customer account (legal entity and account number). */
  account: z.literal('own').optional(),
});

/** An administrative role: operations on accounts, and the accounts it may act on. It grants no data access. */
export const administrativeRoleSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  operations: z.array(z.enum(ADMINISTRATIVE_OPERATIONS)).min(1, { message: 'list at least one operation' }),
  targets: administrativeTargetsSchema.optional(),
});

/** An administrative role as written in a policy. */
export type AdministrativeRoleInput = z.input<typeof administrativeRoleSchema>;

/** A validated administrative role with its defaults applied. */
export interface AdministrativeRole {
  readonly name: string;
  readonly description?: string;
  readonly operations: readonly AdministrativeOperation[];
  readonly targets: AdministrativeTargets;
  /** True for the roles every policy has (mirroring Entra, Partner Center and the Customer portal). */
  readonly builtIn: boolean;
  /** Set for the powers an Entra directory role carries (`entraRoles`), which no policy lists. */
  readonly entra?: true;
}

/** The target limits of a validated administrative role. */
export interface AdministrativeTargets {
  readonly kinds: readonly AdministrativeTargetKind[];
  readonly nonAdministrators: boolean;
  readonly businessUnit?: 'sameOrBelow';
  readonly account?: 'own';
}

const EVERY_OPERATION = ADMINISTRATIVE_OPERATIONS;
// Everything but purging for good and handing out administrative roles (Entra's User administrator).
const ACCOUNT_CARE: readonly AdministrativeOperation[] = ADMINISTRATIVE_OPERATIONS.filter(
  (operation) => operation !== 'purge' && operation !== 'manageRoles',
);

/** The powers of a built-in role: everything but its name. */
type BuiltInPowers = Pick<AdministrativeRole, 'operations' | 'targets'>;

// Keyed by name, so the names below are exactly the roles defined: a role cannot be named without powers.
const BUILT_IN_POWERS = {
  'Global administrator': {
    operations: EVERY_OPERATION,
    targets: { kinds: ADMINISTRATIVE_TARGET_KINDS, nonAdministrators: false },
  },
  'User administrator': {
    operations: ACCOUNT_CARE,
    targets: { kinds: ADMINISTRATIVE_TARGET_KINDS, nonAdministrators: true },
  },
  'Password administrator': {
    operations: ['resetPassword'],
    targets: { kinds: ADMINISTRATIVE_TARGET_KINDS, nonAdministrators: true },
  },
  'Helpdesk agent': {
    operations: ['resetPassword', 'blockSignIn'],
    targets: { kinds: ADMINISTRATIVE_TARGET_KINDS, nonAdministrators: true },
  },
  'Portal administrator': {
    operations: [
      'invite',
      'updateUser',
      'disable',
      'enable',
      'blockSignIn',
      'resetPassword',
      'deleteAccount',
      'restore',
      'assignRole',
    ],
    targets: { kinds: ['contact'], nonAdministrators: true },
  },
} as const satisfies Readonly<Record<string, BuiltInPowers>>;

/**
 * The name of an administrative role every policy has, so a principal may hold it and an administrator hand
 * it out whatever the policy declares.
 */
export type BuiltInAdministrativeRoleName = keyof typeof BUILT_IN_POWERS;

/**
 * The roles every policy has (seeds 002-004): the global administrator does everything to everyone; the user
 * administrator manages non-administrators but cannot purge or hand out administrative roles; the password
 * administrator and the helpdesk agent only help non-administrators sign in; the portal administrator
 * invites and looks after contacts.
 */
export const BUILT_IN_ADMINISTRATIVE_ROLES: readonly (AdministrativeRole & {
  readonly name: BuiltInAdministrativeRoleName;
})[] = (Object.keys(BUILT_IN_POWERS) as BuiltInAdministrativeRoleName[]).map((name) => ({
  name,
  operations: BUILT_IN_POWERS[name].operations,
  targets: BUILT_IN_POWERS[name].targets,
  builtIn: true,
}));

/** Applies the defaults to a role written in a policy. */
export function resolveAdministrativeRole(
  input: z.output<typeof administrativeRoleSchema>,
): AdministrativeRole {
  const targets = input.targets ?? {};
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    operations: [...new Set(input.operations)],
    targets: {
      kinds: [...new Set(targets.kinds ?? ADMINISTRATIVE_TARGET_KINDS)],
      nonAdministrators: targets.nonAdministrators ?? false,
      ...(targets.businessUnit === undefined ? {} : { businessUnit: targets.businessUnit }),
      ...(targets.account === undefined ? {} : { account: targets.account }),
    },
    builtIn: false,
  };
}

// A limit read from a field only one kind of account has: any other kind could never satisfy it.
const KIND_LIMITS = [
  { limit: 'businessUnit', kind: 'user', what: 'business units are a user field' },
  { limit: 'account', kind: 'contact', what: 'customer accounts are a contact field' },
] as const;

/** Cross-checks: unique names (built-in ones included), and limits that fit the kinds they apply to. */
export function checkAdministrativeRoles(roles: readonly AdministrativeRole[]): Issue[] {
  const issues: Issue[] = [];
  const builtIn = new Set<string>(BUILT_IN_ADMINISTRATIVE_ROLES.map((role) => role.name));
  const seen = new Set<string>();
  roles.forEach((role, index) => {
    const path = ['administrativeRoles', index];
    if (builtIn.has(role.name)) {
      issues.push({
        code: 'built_in_administrative_role',
        path: [...path, 'name'],
        message: `administrative role "${role.name}" is built in; use it as it is or give your role another name`,
      });
    } else if (seen.has(role.name)) {
      issues.push({
        code: 'duplicate_administrative_role',
        path: [...path, 'name'],
        message: `administrative role "${role.name}" is defined twice; give each role a unique name`,
      });
    }
    seen.add(role.name);
    for (const { limit, kind, what } of KIND_LIMITS) {
      if (role.targets[limit] === undefined) continue;
      if (role.targets.kinds.length !== 1 || role.targets.kinds[0] !== kind) {
        issues.push({
          code: 'administrative_target_kind',
          path: [...path, 'targets', limit],
          message: `targets.${limit} limits ${kind}s only (${what}); set targets.kinds to ["${kind}"]`,
        });
      }
    }
  });
  return issues;
}
