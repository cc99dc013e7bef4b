import { PASSWORD_CHANGE_OPERATION } from '../principal/password-change-gate.js';
import { isPasswordChangePending as passwordChangePending } from '../principal/principal-gates.js';
import type { LifecycleAccount } from './account-state.js';
import { LifecycleRefusal } from './refusals.js';

export { PASSWORD_CHANGE_OPERATION };

/** The account's password was reset and not yet changed: `changePassword` is the only operation it may perform. */
export class PasswordChangeRequiredError extends LifecycleRefusal {
  override readonly name: string = 'PasswordChangeRequiredError';
  readonly operation: string;
  constructor(accountId: string, operation: string) {
    super(
      'password_change_required',
      `account "${accountId}" must change its password before it may ${operation}; call ${PASSWORD_CHANGE_OPERATION} first`,
      { path: ['mustChangePassword'] },
    );
    this.operation = operation;
  }
}

/**
 * True while a reset password has not been changed: the password-change gate's own test (`PRINCIPAL_GATES`),
 * read from the account's own field, failing closed (any value but `false` or missing counts as pending).
 */
export function isPasswordChangePending(
  account: Pick<LifecycleAccount, 'id' | 'mustChangePassword'>,
): boolean {
  return passwordChangePending(account);
}

/**
 * Throws `PasswordChangeRequiredError` when the account must change its password and `operation` is anything
 * but `changePassword` (the exact name): the host calls it before each operation the account asks for, as
 * the ability already grants such an account no data (SPEC 3).
 *
 * @example
 * assertNoPasswordChangePending(contact, 'updateProfile'); // throws after resetPassword
 * assertNoPasswordChangePending(contact, 'changePassword'); // passes
 */
export function assertNoPasswordChangePending(
  account: Pick<LifecycleAccount, 'id' | 'mustChangePassword'>,
  operation: string,
): void {
  if (operation === PASSWORD_CHANGE_OPERATION || !isPasswordChangePending(account)) return;
  throw new PasswordChangeRequiredError(account.id, operation);
}
