import { z } from 'zod';

/** A visitor who is not signed in: holds only the Anonymous users role. */
export const anonymousPrincipalSchema = z.strictObject({ kind: z.literal('anonymous') });

/** A visitor who is not signed in. */
export type AnonymousPrincipal = z.input<typeof anonymousPrincipalSchema>;
