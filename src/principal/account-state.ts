import { z } from 'zod';

/** Account states shared by contacts and internal users; only `active` may act. */
export const ACCOUNT_STATES = ['active', 'blocked', 'disabled', 'deleted', 'purged'] as const;

/** The state of a contact's or user's account. */
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Validates an account state. */
export const accountStateSchema = z.enum(ACCOUNT_STATES);
