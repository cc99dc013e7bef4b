import { ownValue } from '../base/own.js';
import type { Denial } from '../base/rule.js';
import type { RegistrationSettings } from '../policy/registration.js';
import type { AccountState } from './account-state.js';
import type { RegistrationMethod } from './contact.js';
import { accountStateDenial, isUnvouchedSelfRegistration } from './gates.js';
import { passwordChangeDenial } from './password-change-gate.js';
import type { ValidPrincipal } from './principal.js';
import type { Session } from './user.js';
import {
  applicationSessionDenial,
  disabledDenial,
  type GatedUser,
  invitationPendingDenial,
  mustChangePasswordDenial,
  nonInteractiveSessionDenial,
  noRoleDenial,
  stubDenial,
  unlicensedDenial,
} from './user-gates.js';

/** The name of a principal gate, stable: sign-in and explanations key on it. */
export type GateName =
  | 'accountState'
  | 'disabled'
  | 'stub'
  | 'passwordChange'
  | 'invitationPending'
  | 'unvouchedRegistration'
  | 'noRole'
  | 'licence'
  | 'applicationSession'
  | 'nonInteractiveSession';

/**
 * The fields a gate reads: a validated principal's (an own-property copy), or the host's account record in
 * the accounts entry. A mistyped flag counts as set: a wrong type never lets anyone through.
 */
export interface GatedAccount extends GatedUser {
  readonly kind?: string | undefined;
  readonly state?: AccountState | undefined;
  readonly registeredVia?: RegistrationMethod | undefined;
}

/** What the gates need besides the account: facts only the caller knows. */
export interface GateFacts {
  /** The channel of the request (the call's option, else the principal's); undeclared counts as interactive. */
  readonly session: Session | undefined;
  /** The policy's registration settings (for self-registered contacts). */
  readonly registration?: RegistrationSettings;
  /** The user holds at least one security role, directly or through a team. */
  readonly hasRole?: boolean;
  /** What would give a roleless user a role, for the denial's message. */
  readonly noRoleHint?: string;
}

/** What a gate does to data access when it holds: deny it, or let the principal's data rules be a visitor's. */
export type DataEffect = 'deny' | 'actAsVisitor';

/**
 * One principal gate, as data: whom it applies to, what it closes, and why. `denial` says why it holds, or
 * returns `undefined` when it does not; `access` tells data from administration where the words differ.
 */
export interface PrincipalGate {
  readonly name: GateName;
  readonly appliesTo: readonly ('contact' | 'user')[];
  /** What it does to data access; absent: data access stays open. */
  readonly data?: DataEffect;
  /** Whether it keeps administrative roles from acting. */
  readonly administration: boolean;
  /** Whether it refuses a session (`assertCanSignIn`). */
  readonly signIn: boolean;
  readonly denial: (
    account: GatedAccount,
    facts: GateFacts,
    access: 'data' | 'administration' | 'signIn',
  ) => Denial | undefined;
}

/** Any value but `false` or missing counts as set: a mistyped flag (`'false'`, `null`) never lets anyone in. */
export const isFlagSet = (value: unknown): boolean => value !== undefined && value !== false;

/** Any `enabled` but `true` or missing counts as not enabled, so a wrong type never signs anyone in. */
export const isMarkedNotEnabled = (account: Pick<GatedAccount, 'enabled'>): boolean => {
  const enabled: unknown = account.enabled;
  return enabled !== undefined && enabled !== true;
};

/** A reset password not yet changed, read from the account's own field (RELIABILITY 19). */
export const isPasswordChangePending = (account: object): boolean =>
  isFlagSet(ownValue(account, 'mustChangePassword'));

const ADMINISTERING_WITH_PENDING_PASSWORD: Denial = {
  code: 'must_change_password',
  message: 'the password must be changed before administering anyone',
};
const UNVOUCHED_ADMINISTRATOR: Denial = {
  code: 'unvouched_registration',
  message: 'a self-registered contact administers nobody',
};
const BOTH = ['contact', 'user'] as const;
const USERS = ['user'] as const;

/**
 * Every principal gate, in the order they are decided (D13): the first that holds gives the reason. A gate
 * about the account itself (state, disabled, stub, a pending invitation or password change, the session)
 * closes administration too; a licence or a role is about data only (SPEC 2.6). A new gate is one more entry.
 */
export const PRINCIPAL_GATES: readonly PrincipalGate[] = [
  {
    name: 'accountState',
    appliesTo: BOTH,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account) => accountStateDenial(account.state),
  },
  {
    name: 'disabled',
    appliesTo: USERS,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account) => (isMarkedNotEnabled(account) ? disabledDenial({ enabled: false }) : undefined),
  },
  {
    name: 'stub',
    appliesTo: USERS,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account) => stubDenial(account),
  },
  {
    // Signing in stays possible: the password is changed in the session it opens.
    name: 'passwordChange',
    appliesTo: BOTH,
    data: 'deny',
    administration: true,
    signIn: false,
    denial: (account, _, access) => {
      if (!isPasswordChangePending(account)) return undefined;
      if (access === 'administration') return ADMINISTERING_WITH_PENDING_PASSWORD;
      return account.kind === 'user'
        ? mustChangePasswordDenial({ mustChangePassword: true })
        : passwordChangeDenial({ kind: 'contact', mustChangePassword: true });
    },
  },
  {
    name: 'invitationPending',
    appliesTo: USERS,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account) =>
      isFlagSet(account.invitationPending) ? invitationPendingDenial({ invitationPending: true }) : undefined,
  },
  {
    // Nobody vouched for the account and its company: the contact holds what a visitor holds.
    name: 'unvouchedRegistration',
    appliesTo: ['contact'],
    data: 'actAsVisitor',
    administration: true,
    signIn: false,
    denial: (account, facts) =>
      facts.registration !== undefined && isUnvouchedSelfRegistration(facts.registration, account)
        ? UNVOUCHED_ADMINISTRATOR
        : undefined,
  },
  {
    name: 'noRole',
    appliesTo: USERS,
    data: 'deny',
    administration: false,
    signIn: false,
    denial: (_, facts) => noRoleDenial(facts.hasRole === true, facts.noRoleHint),
  },
  {
    // An unlicensed Entra environment administrator passes: it works in administrative access mode (seed 002).
    name: 'licence',
    appliesTo: USERS,
    data: 'deny',
    administration: false,
    signIn: false,
    denial: (account) => unlicensedDenial(account),
  },
  {
    name: 'applicationSession',
    appliesTo: USERS,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account, facts) => applicationSessionDenial(account, facts.session),
  },
  {
    name: 'nonInteractiveSession',
    appliesTo: USERS,
    data: 'deny',
    administration: true,
    signIn: true,
    denial: (account, facts) => nonInteractiveSessionDenial(account, facts.session),
  },
];

/** What the gates decided for one principal, once, when it was compiled. */
export interface GateOutcome {
  /** The reason of the first gate that denies data access. */
  readonly denial?: Denial;
  /** The reason of the first gate that keeps administrative roles from acting. */
  readonly administrativeDenial?: Denial;
  /** A gate lets the principal's data rules be a visitor's (an unvouched self-registration). */
  readonly actsAsVisitor?: true;
}

const OPEN: GateOutcome = {};

/** Runs the gates that apply to the principal's kind, in order, once; a visitor passes every gate. */
export function decideGates(principal: ValidPrincipal, facts: GateFacts): GateOutcome {
  if (principal.kind === 'anonymous') return OPEN;
  let denial: Denial | undefined;
  let administrativeDenial: Denial | undefined;
  let actsAsVisitor = false;
  for (const gate of PRINCIPAL_GATES) {
    if (!gate.appliesTo.includes(principal.kind)) continue;
    if (denial === undefined && gate.data !== undefined) {
      const reason = gate.denial(principal, facts, 'data');
      if (reason !== undefined && gate.data === 'deny') denial = reason;
      else if (reason !== undefined) actsAsVisitor = true;
    }
    if (administrativeDenial === undefined && gate.administration) {
      administrativeDenial = gate.denial(principal, facts, 'administration');
    }
  }
  if (denial === undefined && administrativeDenial === undefined && !actsAsVisitor) return OPEN;
  return {
    ...(denial === undefined ? {} : { denial }),
    ...(administrativeDenial === undefined ? {} : { administrativeDenial }),
    ...(actsAsVisitor && denial === undefined ? { actsAsVisitor: true as const } : {}),
  };
}

/**
 * The sign-in gates that hold for an account record, in order, each with its reason. Every sign-in gate
 * runs whatever the record's kind: a field a contact does not have never holds.
 */
export function closedSignInGates(
  account: GatedAccount,
  session: Session,
): { readonly gate: GateName; readonly denial: Denial }[] {
  const closed: { gate: GateName; denial: Denial }[] = [];
  for (const gate of PRINCIPAL_GATES) {
    if (!gate.signIn) continue;
    const denial = gate.denial(account, { session }, 'signIn');
    if (denial !== undefined) closed.push({ gate: gate.name, denial });
  }
  return closed;
}
