import type { Denial } from '../../base/rule.js';
import type { RegistrationSettings } from '../../policy/registration.js';
import { accountStateDenial, isUnvouchedSelfRegistration } from '../../principal/gates.js';
import type { ValidPrincipal } from '../../principal/principal.js';
import type { Session } from '../../principal/user.js';
import {
  disabledDenial,
  invitationPendingDenial,
  sessionDenial,
  stubDenial,
} from '../../principal/user-gates.js';

const MUST_CHANGE_PASSWORD: Denial = {
  code: 'must_change_password',
  message: 'the password must be changed before administering anyone',
};

/**
 * Whether a principal may use its administrative roles at all. Only the gates about the account itself
 * apply (state, disabled, stub, a pending invitation, a pending password change, the session of a
 * non-interactive or application user, an unvouched self-registration): a licence or a security role is about data, and an administrator in
 * administrative access mode needs neither (SPEC 2.6).
 */
export function administrativeDenial(
  principal: Exclude<ValidPrincipal, { readonly kind: 'anonymous' }>,
  registration: RegistrationSettings,
  session: Session | undefined,
): Denial | undefined {
  const denial = accountStateDenial(principal.state);
  if (denial) return denial;
  if (principal.kind === 'user') {
    const userDenial =
      disabledDenial(principal) ?? stubDenial(principal) ?? invitationPendingDenial(principal);
    if (userDenial) return userDenial;
  }
  if (principal.mustChangePassword) return MUST_CHANGE_PASSWORD;
  if (principal.kind === 'user') return sessionDenial(principal, session ?? principal.session);
  if (isUnvouchedSelfRegistration(registration, principal)) {
    return { code: 'unvouched_registration', message: 'a self-registered contact administers nobody' };
  }
  return undefined;
}
