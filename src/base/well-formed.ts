import type { z } from 'zod';

// With the `u` flag a surrogate pair reads as one code point, so this matches only an unpaired surrogate.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Whether a string is well-formed Unicode (no unpaired UTF-16 surrogate). A database driver encodes a lone
 * surrogate lossily (as U+FFFD), so such a value would name another row in SQL than in memory (RELIABILITY 22).
 */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** The message of every refused ill-formed id, saying what to do. */
export const WELL_FORMED_MESSAGE =
  'remove the unpaired UTF-16 surrogate: ids and relationship values must be well-formed Unicode, which a database stores unchanged';

/** Refines a string schema so that ill-formed Unicode is refused where ids enter. */
export const wellFormed = <TSchema extends z.ZodType<string>>(schema: TSchema) =>
  schema.refine(isWellFormedText, { message: WELL_FORMED_MESSAGE });
