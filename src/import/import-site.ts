import { PolicyValidationError } from '../base/errors.js';
import { ownValue } from '../base/own.js';
import { definePolicy } from '../policy/define-policy.js';
import type { PolicyInput } from '../policy/schema.js';
import { ImportError } from './import-error.js';
import { type ImportReport, ReportBuilder } from './import-report.js';
import { mapColumnPermissions } from './map-column-permissions.js';
import { mapPages } from './map-pages.js';
import { mapTablePermissions } from './map-table-permissions.js';
import { mapWebRoles } from './map-web-roles.js';
import { parseRelationshipMap, RelationshipCatalog, type RelationshipMap } from './relationships.js';
import type { SiteRecordKind } from './site-record.js';
import { readSiteRecords } from './site-records.js';
import { readSolutionRelationships } from './solution-relationships.js';
import { type ImportSource, readSourceFiles, type SourceFiles } from './source-files.js';
import { dataverseKeyOf } from './standard-relationships.js';

/** Options of `importPowerPagesSite`. */
export interface ImportSiteOptions {
  /** Relationship schema names mapped to columns, for relationships no metadata in the source declares. */
  readonly relationships?: RelationshipMap;
  /** Refuse the import when a relationship cannot be resolved, instead of leaving its permissions out. */
  readonly strict?: boolean;
}

/** A policy imported from a site or a solution, and the report of what was read, mapped and left out. */
export interface ImportResult {
  readonly policy: PolicyInput;
  readonly report: ImportReport;
}

/** Checks that the import produced a valid policy: a failure is the importer's fault, and grants nothing. */
export function checkImportedPolicy(policy: PolicyInput): void {
  try {
    definePolicy(policy);
  } catch (cause) {
    if (!(cause instanceof PolicyValidationError)) throw cause;
    throw new ImportError(
      'import_invalid_policy',
      `the imported policy does not validate, so nothing is imported: ${cause.message}`,
      {
        path: [...cause.path],
        cause,
      },
    );
  }
}

const OPTION_KEYS = ['relationships', 'strict'];

/** The options, read from own properties: an unknown key (a typo of `strict`) or a `strict` that is not a boolean is refused. */
export function importOptionsOf(options: unknown): {
  readonly relationships: ReturnType<typeof parseRelationshipMap>;
  readonly strict: boolean;
} {
  const fail = (path: string, message: string): never => {
    throw new ImportError('import_invalid_options', message, { path: [path] });
  };
  if (typeof options !== 'object' || options === null)
    return fail('options', 'options must be an object: { relationships?, strict? }');
  for (const key of Object.keys(options))
    if (!OPTION_KEYS.includes(key))
      fail(key, `unknown option "${key}"; the options are ${OPTION_KEYS.join(', ')}`);
  const strict = ownValue(options, 'strict') ?? false;
  if (typeof strict !== 'boolean') fail('strict', 'strict must be true or false');
  return {
    relationships: parseRelationshipMap(ownValue(options, 'relationships') ?? {}),
    strict: strict as boolean,
  };
}

/** Imports the site held by already-read files (the synchronous core of `importPowerPagesSite`). */
export function importSiteFiles(files: SourceFiles, options: ImportSiteOptions = {}): ImportResult {
  const { relationships: relationshipMap, strict } = importOptionsOf(options);
  const { records, skippedFiles, forms } = readSiteRecords(files);
  const ofKind = (...kinds: SiteRecordKind[]) => records.filter((record) => kinds.includes(record.kind));
  if (records.length === 0) {
    throw new ImportError(
      'import_nothing_found',
      'no web role, table permission, web page or page rule was found; pass the folder pac pages download wrote (with .powerpages-site) or an unpacked solution',
    );
  }
  const report = new ReportBuilder();
  const catalog = new RelationshipCatalog(readSolutionRelationships(files), relationshipMap);
  const roles = mapWebRoles(ofKind('webRole'), report);
  const permissions = mapTablePermissions(ofKind('tablePermission'), {
    roleNames: roles.nameById,
    catalog,
    contactTable: 'contact',
    report,
  });
  if (strict && permissions.unresolved.length > 0) {
    throw new ImportError(
      'import_unresolved_relationship',
      `${permissions.unresolved.length} table permission(s) name a relationship that cannot be resolved (strict): ${permissions.unresolved.slice(0, 5).join('; ')}`,
    );
  }
  const { pages, pageRules } = mapPages(
    ofKind('page', 'webFile'),
    ofKind('pageRule'),
    roles.nameById,
    roles.anonymous,
    report,
  );
  const columns = mapColumnPermissions(
    ofKind('columnPermissionProfile'),
    ofKind('columnPermission'),
    roles.nameById,
    report,
    roles.ambiguousIds,
  );
  const tables: Record<string, PolicyInput['tables'][string]> = { ...permissions.tables };
  for (const table of columns.tables) tables[table] ??= { key: dataverseKeyOf(table) };
  const policy: PolicyInput = {
    tables: Object.fromEntries(Object.entries(tables).sort(([a], [b]) => (a < b ? -1 : 1))),
    webRoles: roles.webRoles,
    tablePermissions: permissions.tablePermissions,
    ...(columns.columnPermissions.length === 0 ? {} : { columnPermissions: columns.columnPermissions }),
    ...(pages.length === 0 ? {} : { pages }),
    ...(pageRules.length === 0 ? {} : { pageRules }),
  };
  checkImportedPolicy(policy);
  return { policy, report: report.build(forms, records.length, skippedFiles) };
}

/**
 * Imports a Power Pages site (a `pac pages download` of either data model, or an unpacked solution holding
 * the site's components) as a policy, with a report of every record read, mapped or left out.
 *
 * @example
 * ```ts
 * const { policy, report } = await importPowerPagesSite('./my-site', { relationships: { cr123_order_contact: { table: 'cr123_order', column: 'cr123_contactid' } } });
 * const portal = definePolicy(policy);
 * ```
 */
export async function importPowerPagesSite(
  source: ImportSource,
  options: ImportSiteOptions = {},
): Promise<ImportResult> {
  return importSiteFiles(readSourceFiles(source), options);
}
