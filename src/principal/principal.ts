import { z } from 'zod';
import { PrincipalValidationError } from '../base/errors.js';
import { fromZodIssues } from '../policy/zod-issues.js';
import { type AnonymousPrincipal, anonymousPrincipalSchema } from './anonymous.js';
import { type ContactPrincipal, contactPrincipalSchema } from './contact.js';
import { type UserPrincipal, userPrincipalSchema } from './user.js';

/** Every kind of principal, discriminated by `kind`. */
export const principalSchema = z.discriminatedUnion('kind', [
  contactPrincipalSchema,
  anonymousPrincipalSchema,
  userPrincipalSchema,
]);

/** Someone whose access we decide. */
export type Principal = ContactPrincipal | AnonymousPrincipal | UserPrincipal;

/** A principal after validation. */
export type ValidPrincipal = z.output<typeof principalSchema>;

/** An internal user after validation. */
export type ValidUserPrincipal = Extract<ValidPrincipal, { kind: 'user' }>;

/** Validates a principal's shape; throws `PrincipalValidationError` with paths and hints. */
export function parsePrincipal(input: unknown): ValidPrincipal {
  // No separate walk for `__proto__` keys: the strict schemas reject every key they do not declare.
  const parsed = principalSchema.safeParse(input);
  if (!parsed.success) throw new PrincipalValidationError(fromZodIssues(parsed.error.issues));
  return parsed.data;
}
