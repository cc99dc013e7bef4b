import type { SiteRecordKind } from './site-record.js';
import type { SiteForm, SkippedFile } from './site-records.js';

/** Why a record was left out of the policy. */
export type SkipReason =
  | 'inactive'
  | 'missing_id'
  | 'missing_name'
  | 'duplicate_name'
  | 'duplicate_id'
  | 'unknown_table'
  | 'unknown_scope'
  | 'unknown_right'
  | 'no_page'
  | 'no_roles'
  | 'orphan_child'
  | 'unresolved_relationship'
  | 'unknown_privilege'
  | 'invalid_value';

/** The kinds of record a report names: a site's, and a solution's. */
export type ReportedKind =
  | SiteRecordKind
  | 'securityRole'
  | 'privilege'
  | 'fieldSecurityProfile'
  | 'relationship';

/** One record in the report: what it is, its name (or id), and where it was read. */
export interface ReportedRecord {
  readonly kind: ReportedKind;
  readonly name: string;
  readonly file: string;
}

/** A record left out, with why and what to do. */
export interface SkippedRecord extends ReportedRecord {
  readonly reason: SkipReason;
  readonly message: string;
}

/** A record mapped with a change worth reading (a child's roles taken from its chain, a role dropped). */
export interface ImportNote extends ReportedRecord {
  readonly message: string;
}

/** Where a relationship's column came from. */
export type RelationshipOrigin = 'solution' | 'standard' | 'option';

/** A relationship a permission names, resolved to the column that holds it. */
export interface ResolvedRelationship {
  readonly name: string;
  readonly table: string;
  readonly column: string;
  readonly origin: RelationshipOrigin;
}

/** What an import read, mapped and left out, so nothing is dropped silently. */
export interface ImportReport {
  /** The forms the files came in. */
  readonly forms: readonly SiteForm[];
  /** How many records were read. */
  readonly read: number;
  readonly mapped: readonly ReportedRecord[];
  readonly skipped: readonly SkippedRecord[];
  readonly notes: readonly ImportNote[];
  /** Files that looked like records but held none. */
  readonly skippedFiles: readonly SkippedFile[];
  /** Relationships resolved to columns, by name. */
  readonly relationships: readonly ResolvedRelationship[];
}

/** Collects a report while records are mapped. */
export class ReportBuilder {
  readonly mapped: ReportedRecord[] = [];
  readonly skipped: SkippedRecord[] = [];
  readonly notes: ImportNote[] = [];
  readonly relationships = new Map<string, ResolvedRelationship>();

  map(record: ReportedRecord): void {
    this.mapped.push(record);
  }

  skip(record: ReportedRecord, reason: SkipReason, message: string): void {
    this.skipped.push({ ...record, reason, message });
  }

  note(record: ReportedRecord, message: string): void {
    this.notes.push({ ...record, message });
  }

  resolved(relationship: ResolvedRelationship): void {
    this.relationships.set(`${relationship.name}\u0000${relationship.table}`, relationship);
  }

  build(forms: readonly SiteForm[], read: number, skippedFiles: readonly SkippedFile[]): ImportReport {
    const byName = (a: ResolvedRelationship, b: ResolvedRelationship) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.table < b.table ? -1 : a.table > b.table ? 1 : 0;
    return {
      forms,
      read,
      mapped: this.mapped,
      skipped: this.skipped,
      notes: this.notes,
      skippedFiles,
      relationships: [...this.relationships.values()].sort(byName),
    };
  }
}

/** The report as text, one line per record left out or noted, for people and for the CLI's stderr. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `read ${report.read} records (${report.forms.join(', ') || 'no site form found'}): ${report.mapped.length} mapped, ${report.skipped.length} left out`,
  ];
  for (const entry of report.skipped)
    lines.push(`left out ${entry.kind} "${entry.name}" (${entry.file}): ${entry.message} [${entry.reason}]`);
  for (const entry of report.notes)
    lines.push(`note: ${entry.kind} "${entry.name}" (${entry.file}): ${entry.message}`);
  for (const file of report.skippedFiles) lines.push(`skipped file ${file.file}: ${file.reason}`);
  for (const relationship of report.relationships)
    lines.push(
      `relationship ${relationship.name} -> ${relationship.table}.${relationship.column} (${relationship.origin})`,
    );
  return `${lines.join('\n')}\n`;
}
