import { z } from 'zod';
import { nameSchema } from '../base/names.js';
import { MAX_HIERARCHY_DEPTH } from '../policy/hierarchy-settings.js';

/** The most user ids one level of reports may list: a bound on what one request can make the compiler copy. */
export const MAX_REPORTS = 10_000;

/** The most levels of indirect reports a principal may carry: every level below the direct one. */
export const MAX_INDIRECT_LEVELS = MAX_HIERARCHY_DEPTH - 1;

/** The most teams one report may list: a bound on the ids one request can make the compiler copy. */
export const MAX_REPORT_TEAMS = 100;

/**
 * One report with what hierarchy security needs to know about them (SPEC 2.7): their business unit (the
 * manager model's unit rule), the teams they are a member of (rows those teams own or are shared with), and
 * whether they are enabled (a disabled report reaches nothing unless the policy includes disabled reports).
 */
export const reportDetailsSchema = z.strictObject({
  id: nameSchema,
  /** Checked against the manager's unit under the manager model; absent: not checked. */
  businessUnitId: nameSchema.optional(),
  /** Teams of the policy the report is a member of; the default team of `businessUnitId` is implied. */
  teams: z
    .array(nameSchema)
    .max(MAX_REPORT_TEAMS, { message: `list at most ${MAX_REPORT_TEAMS} teams per report` })
    .optional(),
  /** `false`: the report gives nothing unless the policy's `hierarchy.includeDisabledReports`. */
  enabled: z.boolean().optional(),
});

/** A report as a principal lists it: a user id alone, or the id with the report's unit, teams and state. */
export const reportSchema = z.union([nameSchema, reportDetailsSchema]);

/** One report as a principal lists it. */
export type Report = z.input<typeof reportSchema>;

const reportList = z
  .array(reportSchema)
  .max(MAX_REPORTS, { message: `list at most ${MAX_REPORTS} reports per level` });

/**
 * The users below an internal user in the hierarchy (SPEC 2.7): `direct` reports (level 1, or the users in
 * the positions right below), then `indirect` ones one list per level (level 2 first). A level deeper than
 * the policy's depth reaches nothing; a user listed twice is refused.
 */
export const reportsSchema = z.strictObject({
  direct: reportList.optional(),
  indirect: z
    .array(reportList)
    .max(MAX_INDIRECT_LEVELS, { message: `list at most ${MAX_INDIRECT_LEVELS} levels of indirect reports` })
    .optional(),
});

/** A user's reports as a principal carries them. */
export type Reports = z.input<typeof reportsSchema>;

/** The id of a report as listed. */
export const reportIdOf = (report: Report): string => (typeof report === 'string' ? report : report.id);
