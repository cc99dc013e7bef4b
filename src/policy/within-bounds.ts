/*
 * The names a contact scope may be bounded by (`within` on a table permission, D20), apart from the scope
 * code (scopes/within.ts) so that the permission schema can name them without importing the scopes.
 */

/**
 * What a contact scope may be bounded by: `account`, the row's account is the contact's (and its legal
 * entity too when the table declares one, D4); `legalEntity`, the row's legal entity is the contact's.
 */
export const WITHIN_BOUNDS = ['account', 'legalEntity'] as const;

/** A bound on a contact scope: see `WITHIN_BOUNDS`. */
export type WithinBound = (typeof WITHIN_BOUNDS)[number];
