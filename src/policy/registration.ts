import { z } from 'zod';

/** How contacts may sign up (Power Pages' Authentication/Registration site settings). */
export const registrationSchema = z.strictObject({
  /** The master switch: off means nobody can register or redeem an invitation. Default on. */
  enabled: z.boolean().optional(),
  /** The open sign-up form. Default **off**: the Customer portal blocks self-registration (R-SCM-1). */
  openRegistration: z.boolean().optional(),
  /** The invitation code form. Default on. */
  invitations: z.boolean().optional(),
});

/** Registration settings as written in a policy. */
export type RegistrationInput = z.input<typeof registrationSchema>;

/** Registration settings with every default applied. */
export interface RegistrationSettings {
  readonly enabled: boolean;
  readonly openRegistration: boolean;
  readonly invitations: boolean;
}

/** Applies the defaults: registration on, open registration off, invitations on. */
export function resolveRegistration(input: RegistrationInput | undefined): RegistrationSettings {
  const enabled = input?.enabled ?? true;
  return {
    enabled,
    openRegistration: enabled && (input?.openRegistration ?? false),
    invitations: enabled && (input?.invitations ?? true),
  };
}
