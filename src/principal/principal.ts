import { z } from 'zod';
import { PrincipalValidationError } from '../errors.js';
import { findForbiddenKeys } from '../policy/names.js';
import { fromZodIssues } from '../policy/zod-issues.js';
import { type AnonymousPrincipal, anonymousPrincipalSchema } from './anonymous.js';
import { type ContactPrincipal, contactPrincipalSchema } from './contact.js';

/** Every kind of principal, discriminated by `kind`. */
export const principalSchema = z.discriminatedUnion('kind', [
  contactPrincipalSchema,
  anonymousPrincipalSchema,
]);

/** Someone whose access we decide. */
export type Principal = ContactPrincipal | AnonymousPrincipal;

/** A principal after validation. */
export type ValidPrincipal = z.output<typeof principalSchema>;

/** Validates a principal's shape; throws `PrincipalValidationError` with paths and hints. */
export function parsePrincipal(input: unknown): ValidPrincipal {
  const reserved = findForbiddenKeys(input);
  if (reserved.length > 0) {
    throw new PrincipalValidationError(
      reserved.map((path) => ({ code: 'reserved_key', path, message: 'reserved key; remove it' })),
    );
  }
  const parsed = principalSchema.safeParse(input);
  if (!parsed.success) throw new PrincipalValidationError(fromZodIssues(parsed.error.issues));
  return parsed.data;
}
