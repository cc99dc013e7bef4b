import type { PolicyInput } from '../policy/schema.js';
import { ImportError } from './import-error.js';
import { type ImportReport, ReportBuilder } from './import-report.js';
import {
  checkImportedPolicy,
  type ImportResult,
  type ImportSiteOptions,
  importOptionsOf,
  importSiteFiles,
} from './import-site.js';
import { mapFieldSecurity } from './map-field-security.js';
import { mapSecurityRoles } from './map-security-roles.js';
import { readSiteRecords } from './site-records.js';
import { type ImportSource, readSourceFiles, type SourceFiles } from './source-files.js';
import { dataverseKeyOf } from './standard-relationships.js';

/** Options of `importDataverseSolution`: those of a site, for the site components a solution may hold. */
export type ImportSolutionOptions = ImportSiteOptions;

/** The columns every user- or team-owned Dataverse table has, which access levels below organization compare. */
const OWNER_COLUMNS = { owner: 'ownerid', businessUnit: 'owningbusinessunit' } as const;

function mergeReports(site: ImportReport | undefined, solution: ImportReport): ImportReport {
  if (site === undefined) return solution;
  return {
    forms: site.forms,
    read: site.read + solution.read,
    mapped: [...site.mapped, ...solution.mapped],
    skipped: [...site.skipped, ...solution.skipped],
    notes: [...site.notes, ...solution.notes],
    skippedFiles: site.skippedFiles,
    relationships: site.relationships,
  };
}

/** Imports an unpacked solution held by already-read files (the synchronous core of `importDataverseSolution`). */
export function importSolutionFiles(files: SourceFiles, options: ImportSolutionOptions = {}): ImportResult {
  importOptionsOf(options);
  const site = readSiteRecords(files).records.length > 0 ? importSiteFiles(files, options) : undefined;
  const report = new ReportBuilder();
  const { roles, tables: roleTables } = mapSecurityRoles(files, report);
  const { profiles, secured } = mapFieldSecurity(files, report);
  if (site === undefined && roles.length === 0 && profiles.length === 0 && report.skipped.length === 0) {
    throw new ImportError(
      'import_nothing_found',
      'no security role (Roles/*.xml), field security profile or site component was found; pass the folder of an unpacked solution (pac solution unpack)',
    );
  }
  const tables: Record<string, PolicyInput['tables'][string]> = { ...(site?.policy.tables ?? {}) };
  for (const table of [...roleTables, ...secured.keys()].sort()) {
    const declared = { key: dataverseKeyOf(table), ...tables[table] };
    const columns = secured.get(table);
    tables[table] = {
      ...declared,
      ...(roleTables.has(table) ? OWNER_COLUMNS : {}),
      ...(columns === undefined ? {} : { securedColumns: [...columns].sort() }),
    };
  }
  const policy: PolicyInput = {
    ...(site?.policy ?? {}),
    tables: Object.fromEntries(Object.entries(tables).sort(([a], [b]) => (a < b ? -1 : 1))),
    ...(roles.length === 0 ? {} : { securityRoles: roles }),
    ...(profiles.length === 0 ? {} : { columnSecurityProfiles: profiles }),
  };
  checkImportedPolicy(policy);
  return {
    policy,
    report: mergeReports(
      site?.report,
      report.build(['solution'], report.mapped.length + report.skipped.length, []),
    ),
  };
}

/**
 * Imports an unpacked Dataverse solution: security roles (`Roles/*.xml`, privileges at Basic / Local / Deep /
 * Global), field security profiles as column security profiles, and the Power Pages site it may hold.
 *
 * @example
 * ```ts
 * const { policy, report } = await importDataverseSolution('./solution');
 * ```
 */
export async function importDataverseSolution(
  source: ImportSource,
  options: ImportSolutionOptions = {},
): Promise<ImportResult> {
  return importSolutionFiles(readSourceFiles(source), options);
}
