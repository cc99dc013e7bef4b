import type { ErrorCode } from './error-codes.js';

/** A JSON path into the input that caused an error, e.g. `['tablePermissions', 2, 'scope']`. */
export type JsonPath = readonly (string | number)[];

/** One problem found while validating a policy or a principal. */
export interface Issue {
  /** Stable machine-readable code, e.g. `unknown_table`. */
  readonly code: string;
  /** Where in the input the problem is. */
  readonly path: JsonPath;
  /** What is wrong and what to do about it. */
  readonly message: string;
}

/** Base class of every error this library throws; `code` is stable across versions (see `ErrorCode`). */
export class PortalPermissionsError extends Error {
  override readonly name: string = 'PortalPermissionsError';
  readonly code: ErrorCode;
  readonly path: JsonPath;

  constructor(code: ErrorCode, message: string, options: { path?: JsonPath; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path ?? [];
  }
}

function summarize(subject: string, issues: readonly Issue[]): string {
  const lines = issues.slice(0, 10).map((issue) => `- ${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > 10 ? `\n- … and ${issues.length - 10} more` : '';
  return `${subject} is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`;
}

/** Renders a JSON path the way people write it: `tablePermissions[2].scope`. */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** Thrown by `definePolicy` when the policy input is invalid; `issues` lists every problem found. */
export class PolicyValidationError extends PortalPermissionsError {
  override readonly name: string = 'PolicyValidationError';
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super('invalid_policy', summarize('The policy', issues), { path: issues[0]?.path ?? [] });
    this.issues = issues;
  }
}

/** Thrown by `abilityFor` and friends when a principal is malformed or names something the policy lacks. */
export class PrincipalValidationError extends PortalPermissionsError {
  override readonly name: string = 'PrincipalValidationError';
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super('invalid_principal', summarize('The principal', issues), { path: issues[0]?.path ?? [] });
    this.issues = issues;
  }
}

function hasName(value: unknown, names: readonly string[]): boolean {
  return (
    value instanceof Error &&
    names.includes(value.name) &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** True for any error thrown by this library, even one from another realm or bundled copy. */
export function isPortalPermissionsError(value: unknown): value is PortalPermissionsError {
  return (
    value instanceof PortalPermissionsError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === 'string' &&
      Array.isArray((value as { path?: unknown }).path))
  );
}

/** True when `value` is a `PolicyValidationError`, across realms. */
export function isPolicyValidationError(value: unknown): value is PolicyValidationError {
  return value instanceof PolicyValidationError || hasName(value, ['PolicyValidationError']);
}

/** True when `value` is a `PrincipalValidationError`, across realms. */
export function isPrincipalValidationError(value: unknown): value is PrincipalValidationError {
  return value instanceof PrincipalValidationError || hasName(value, ['PrincipalValidationError']);
}
