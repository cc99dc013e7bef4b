import { z } from 'zod';
import { nameSchema } from '../base/names.js';
import type { ReadonlyInput } from '../base/readonly-input.js';
import { wellFormed } from '../base/well-formed.js';
import { accountStateSchema } from './account-state.js';

/** How a contact came to have an account: invited, created by an administrator or import, or self-registered. */
export const REGISTRATION_METHODS = ['invitation', 'administrator', 'openRegistration'] as const;

/** How a contact registered. */
export type RegistrationMethod = (typeof REGISTRATION_METHODS)[number];

/**
 * A principal value: a string, compared exactly (`"42"` is not `" 42"`, and never a number or an object), and
 * well-formed Unicode so that SQL and memory compare the same text (RELIABILITY 22).
 */
export const principalValueSchema = wellFormed(z.string());

/** A signed-in portal contact: a person of a customer company, bound to one account in one legal entity. */
export const contactPrincipalSchema = z.strictObject({
  kind: z.literal('contact'),
  id: wellFormed(z.string().min(1, { message: 'a contact id cannot be empty' })),
  /** The customer account number; missing, null or empty means no account-scoped rows (D2). */
  accountId: principalValueSchema.nullable().optional(),
  /** The legal entity (company) of the account (D4). */
  legalEntity: principalValueSchema.nullable().optional(),
  /** Web roles assigned to the contact; the Authenticated users role is added automatically. */
  webRoles: z.array(nameSchema).optional(),
  /** Administrative roles the contact holds (a customer representative managing their company's contacts). */
  administrativeRoles: z.array(nameSchema).optional(),
  /** Anything but `active` gets no access at all. */
  state: accountStateSchema.optional(),
  /** After a password reset: no access at all, not even the contact's own row, until the password is changed. */
  mustChangePassword: z.boolean().optional(),
  /** How the contact registered; a self-registered contact keeps only the Anonymous users role while open registration is off. */
  registeredVia: z.enum(REGISTRATION_METHODS).optional(),
  /**
   * Web roles linked to the contact's parent account (Power Pages' account web roles): they add to the
   * contact's own roles while the contact has an account (`accountId`), and count for nothing without one.
   */
  accountWebRoles: z.array(nameSchema).optional(),
});

/** A signed-in portal contact. */
export type ContactPrincipal = ReadonlyInput<z.input<typeof contactPrincipalSchema>>;
