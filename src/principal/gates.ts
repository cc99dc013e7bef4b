import type { Denial } from '../base/rule.js';
import type { RegistrationSettings } from '../policy/registration.js';
import type { AccountState } from './account-state.js';
import type { RegistrationMethod } from './contact.js';

const STATE_MESSAGES: Record<Exclude<AccountState, 'active'>, string> = {
  blocked: 'sign-in is blocked for this account',
  disabled: 'the account is disabled',
  deleted: 'the account is deleted (restorable for 30 days)',
  purged: 'the account is permanently deleted',
};

/** The gate every principal passes first: only an active account may act at all. */
export function accountStateDenial(state: AccountState | undefined): Denial | undefined {
  if (state === undefined || state === 'active') return undefined;
  return { code: `account_${state}`, message: STATE_MESSAGES[state] };
}

/**
 * A contact who signed up through the open registration form while the policy keeps it off holds nothing but
 * the Anonymous users role: without an invitation nobody vouched for their account and company.
 */
export function isUnvouchedSelfRegistration(
  registration: RegistrationSettings,
  contact: { readonly registeredVia?: RegistrationMethod | undefined },
): boolean {
  return contact.registeredVia === 'openRegistration' && !registration.openRegistration;
}
