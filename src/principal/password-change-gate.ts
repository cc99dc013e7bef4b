import type { Denial } from '../base/rule.js';

/** The one operation a principal whose password was reset may perform (SPEC 3: Entra, Partner Center). */
export const PASSWORD_CHANGE_OPERATION = 'changePassword';

/**
 * After a password reset nothing is reachable until the password is changed: Entra makes the change part of
 * the sign-in itself, so no session exists in between. Fail closed: any `mustChangePassword` but `false` or
 * missing counts as pending.
 */
export function passwordChangeDenial(principal: {
  readonly kind: 'contact' | 'user';
  readonly mustChangePassword?: boolean | undefined;
}): Denial | undefined {
  const pending: unknown = principal.mustChangePassword;
  if (pending === undefined || pending === false) return undefined;
  return {
    code: 'must_change_password',
    message: `the ${principal.kind} must change their password before reaching any data; the only operation allowed is ${PASSWORD_CHANGE_OPERATION}`,
  };
}
