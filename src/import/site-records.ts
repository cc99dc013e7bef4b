import { COMPONENT_FILE, componentRecord } from './component-records.js';
import { parseYaml } from './parse-file.js';
import type { SiteRecord, SiteRecordKind } from './site-record.js';
import type { SourceFiles } from './source-files.js';

/** A file that could not be read as records, with why (the report lists it). */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Every record of a site, in file order, and the files that held none. */
export interface SiteRecords {
  readonly records: readonly SiteRecord[];
  readonly skippedFiles: readonly SkippedFile[];
  /** Which forms the files came in (enhanced, standard, solution components). */
  readonly forms: readonly SiteForm[];
}

/** The forms a site comes in. */
export type SiteForm = 'enhanced' | 'standard' | 'solution';

/**
 * File names by record kind: one record per file (`<name>.<kind>.yml`, both data models), or one list of
 * records per file (`<kind>.yml`, the standard model's `webrole.yml` and `webpagerule.yml`).
 */
const FILE_KINDS: readonly { readonly suffix: string; readonly kind: SiteRecordKind }[] = [
  { suffix: 'webrole', kind: 'webRole' },
  { suffix: 'tablepermission', kind: 'tablePermission' },
  { suffix: 'entitypermission', kind: 'tablePermission' },
  { suffix: 'webpagerule', kind: 'pageRule' },
  { suffix: 'webpageaccesscontrolrule', kind: 'pageRule' },
  { suffix: 'webpage', kind: 'page' },
  { suffix: 'webfile', kind: 'webFile' },
  { suffix: 'columnpermissionprofile', kind: 'columnPermissionProfile' },
  { suffix: 'columnpermission', kind: 'columnPermission' },
];

/** Record files of a site that grant nothing this library models, named in the report rather than read. */
const UNMODELED = /(^|\/|\.)websiteaccess\.ya?ml$/i;

function kindOfFile(path: string): SiteRecordKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const match = /^(?:.*\.)?([a-z]+)\.ya?ml$/.exec(name);
  return match === null ? undefined : FILE_KINDS.find((entry) => entry.suffix === match[1])?.kind;
}

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The standard model prefixes every column with `adx_`; the enhanced model only some web role links. */
function hasPrefixedKeys(fields: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(fields).some((key) => key.startsWith('adx_') && !key.endsWith('_webrole'));
}

/** Reads the records of every site file in `files`: YAML of either data model, and solution components. */
export function readSiteRecords(files: SourceFiles): SiteRecords {
  const records: SiteRecord[] = [];
  const skippedFiles: SkippedFile[] = [];
  const forms = new Set<SiteForm>();
  // Sorted by path, so the records (and the policy) are the same however the files were listed.
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (COMPONENT_FILE.test(file)) {
      const record = componentRecord(text, file);
      if (record === undefined) continue;
      if ('skipped' in record) skippedFiles.push({ file, reason: record.skipped });
      else {
        records.push(record);
        forms.add('solution');
      }
      continue;
    }
    const kind = kindOfFile(file);
    if (kind === undefined) {
      if (UNMODELED.test(file))
        skippedFiles.push({
          file,
          reason:
            'website access records (rights to edit site content) carry no permission this library models',
        });
      continue;
    }
    const value = parseYaml(text, file);
    const list = Array.isArray(value) ? value : [value];
    let read = 0;
    for (const entry of list) {
      if (!isRecordObject(entry)) continue;
      records.push({ kind, file, fields: entry });
      forms.add(hasPrefixedKeys(entry) ? 'standard' : 'enhanced');
      read++;
    }
    if (read === 0) skippedFiles.push({ file, reason: 'it holds no record (a mapping of fields)' });
  }
  return { records, skippedFiles, forms: [...forms].sort() };
}
