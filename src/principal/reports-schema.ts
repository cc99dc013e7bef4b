import { z } from 'zod';
import { nameSchema } from '../base/names.js';
import { MAX_HIERARCHY_DEPTH } from '../policy/hierarchy-settings.js';

/** The most user ids one level of reports may list: a bound on what one request can make the compiler copy. */
export const MAX_REPORTS = 10_000;

/** The most levels of indirect reports a principal may carry: every level below the direct one. */
export const MAX_INDIRECT_LEVELS = MAX_HIERARCHY_DEPTH - 1;

const reportIds = z
  .array(nameSchema)
  .max(MAX_REPORTS, { message: `list at most ${MAX_REPORTS} reports per level` });

/**
 * The users below an internal user in the hierarchy (SPEC 2.7), as user ids: `direct` reports (level 1, or
 * the users in the positions right below), then `indirect` ones one list per level (level 2 first). A level
 * deeper than the policy's depth reaches nothing.
 */
export const reportsSchema = z.strictObject({
  direct: reportIds.optional(),
  indirect: z
    .array(reportIds)
    .max(MAX_INDIRECT_LEVELS, { message: `list at most ${MAX_INDIRECT_LEVELS} levels of indirect reports` })
    .optional(),
});

/** A user's reports as a principal carries them. */
export type Reports = z.input<typeof reportsSchema>;
