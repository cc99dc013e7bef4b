import { z } from 'zod';
import { PrincipalValidationError } from '../base/errors.js';
import { fromZodIssues, ZOD_PARSE_OPTIONS } from '../policy/zod-issues.js';
import { type AnonymousPrincipal, anonymousPrincipalSchema } from './anonymous.js';
import { type ContactPrincipal, contactPrincipalSchema } from './contact.js';
import { readContact } from './contact-read.js';
import { ownData } from './own-data.js';
import { isPrincipalShape } from './principal-shape.js';
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

/** The fields of each kind of principal, in schema order. */
export const PRINCIPAL_FIELDS: Readonly<Record<ValidPrincipal['kind'], readonly string[]>> = {
  contact: Object.keys(contactPrincipalSchema.shape),
  anonymous: Object.keys(anonymousPrincipalSchema.shape),
  user: Object.keys(userPrincipalSchema.shape),
};

/**
 * Validates a principal's shape; throws `PrincipalValidationError` with paths and hints. Only the input's own
 * properties are read (RELIABILITY 19), and every field of the result is an own property (`undefined` when
 * absent), so no later read of it can fall through to a polluted `Object.prototype`.
 */
export function parsePrincipal(input: unknown): ValidPrincipal {
  // A contact, the principal of most requests, is read and checked field by field in one pass.
  return readContact(input, parsePrincipalSnapshot) ?? parsePrincipalSnapshot(ownData(input));
}

/**
 * `parsePrincipal` for a snapshot `ownData` made: the snapshot itself becomes the valid principal (one copy
 * per request). A structural check decides; the schema runs only to explain a refusal.
 */
export function parsePrincipalSnapshot(snapshot: unknown): ValidPrincipal {
  let valid: Record<string, unknown>;
  if (isPrincipalShape(snapshot)) {
    valid = snapshot as Record<string, unknown>;
  } else {
    // No separate walk for `__proto__` keys: the strict schemas reject every key they do not declare.
    const parsed = principalSchema.safeParse(snapshot, ZOD_PARSE_OPTIONS);
    if (!parsed.success) throw new PrincipalValidationError(fromZodIssues(parsed.error.issues));
    valid = parsed.data as Record<string, unknown>;
  }
  const fields = PRINCIPAL_FIELDS[valid.kind as ValidPrincipal['kind']];
  for (let position = 0; position < fields.length; position++) {
    const field = fields[position]!;
    if (!Object.hasOwn(valid, field)) valid[field] = undefined;
  }
  return valid as unknown as ValidPrincipal;
}
