import { type ImportIssue, isLifecycleRefusal } from 'portal-permissions/accounts';

/** The target does not exist or the actor may not see it: both answer 404, so nobody learns which is which. */
export class TargetNotFoundError extends Error {
  override readonly name = 'TargetNotFoundError';
  readonly code = 'not_found';
  constructor(
    readonly targetId: string,
    what = 'contact',
  ) {
    super(`no ${what} "${targetId}" that you may manage`);
  }
}

/** The actor holds no administrative role over contacts: the console is not for them. */
export class NotAnAdministratorError extends Error {
  override readonly name = 'NotAnAdministratorError';
  readonly code = 'not_an_administrator';
  constructor() {
    super('you hold no administrative role over contacts; ask a portal administrator');
  }
}

/** A request the console cannot act on; `field` names the part of the body to fix. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  readonly code = 'invalid_body';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A CSV import that was not written: every bad row by line and column. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  readonly code = 'invalid_import';
  constructor(readonly issues: readonly ImportIssue[]) {
    super(`nothing was imported: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the file`);
  }
}

/** Nobody is signed in: the console asks for a sign-in first (401), before saying who may use it. */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
  readonly code = 'sign_in_required';
  constructor() {
    super('sign in first; the administration console is for signed-in administrators');
  }
}

/** The refusals a caller answers with 403, 400 or 404; anything else is a bug and stays a 500. */
export function isConsoleRefusal(error: unknown): boolean {
  return (
    isLifecycleRefusal(error) ||
    error instanceof TargetNotFoundError ||
    error instanceof NotAnAdministratorError ||
    error instanceof SignInRequiredError ||
    error instanceof InvalidRequestError ||
    error instanceof ImportRefusedError
  );
}
