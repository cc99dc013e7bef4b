import type { z } from 'zod';

// With the `u` flag a surrogate pair reads as one code point, so this matches only an unpaired surrogate.
const LONE_SURROGATE = /\p{Surrogate}/u;
// The engine's own test where it has one (ES2024): it answers a one-byte string without reading it, where the
// expression runs for every id and role name of every request.
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/**
 * Whether a string is well-formed Unicode (no unpaired UTF-16 surrogate). A database driver encodes a lone
 * surrogate lossily (as U+FFFD), so such a value would name another row in SQL than in memory (RELIABILITY 22).
 */
export const isWellFormedText: (value: string) => boolean =
  nativeIsWellFormed === undefined
    ? (value) => !LONE_SURROGATE.test(value)
    : (value) => nativeIsWellFormed.call(value);

/** The message of every refused ill-formed id, saying what to do. */
export const WELL_FORMED_MESSAGE =
  'remove the unpaired UTF-16 surrogate: ids and relationship values must be well-formed Unicode, which a database stores unchanged';

/** Refines a string schema so that ill-formed Unicode is refused where ids enter. */
export const wellFormed = <TSchema extends z.ZodType<string>>(schema: TSchema) =>
  schema.refine(isWellFormedText, { message: WELL_FORMED_MESSAGE });
