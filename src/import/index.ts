/**
 * The `portal-permissions/import` entry (Node only): Power Pages site downloads and Dataverse solutions in,
 * Power Pages site files out. It loads `yaml` and `fast-xml-parser`; the core entry never does.
 *
 * @packageDocumentation
 */
export { type ExportedSite, type ExportSiteOptions, exportPowerPagesSite } from './export-site.js';
export { IMPORT_ERROR_CODES, ImportError, type ImportErrorCode, isImportError } from './import-error.js';
export {
  formatImportReport,
  type ImportNote,
  type ImportReport,
  type RelationshipOrigin,
  type ReportedKind,
  type ReportedRecord,
  type ResolvedRelationship,
  type SkippedRecord,
  type SkipReason,
} from './import-report.js';
export { type ImportResult, type ImportSiteOptions, importPowerPagesSite } from './import-site.js';
export { type ImportSolutionOptions, importDataverseSolution } from './import-solution.js';
export { IMPORT_LIMITS } from './limits.js';
export type { RelationshipMap } from './relationships.js';
export type { SiteRecordKind } from './site-record.js';
export type { SiteForm, SkippedFile } from './site-records.js';
export type { ImportSource } from './source-files.js';
export { STANDARD_RELATIONSHIPS } from './standard-relationships.js';
