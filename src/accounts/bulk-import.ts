import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import type { Policy } from '../policy/policy.js';
import { ACCOUNT_STATES, type AccountState } from '../principal/account-state.js';
import type { ContactPrincipal } from '../principal/contact.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { type CsvRecord, parseCsv } from './csv.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import {
  type HeaderReport,
  type HeaderSpec,
  PARTNER_CENTER_TEMPLATE,
  resolveHeaders,
} from './import-headers.js';
import { type ImportedProfile, profileOf } from './import-profile.js';
import { webRoleIssues } from './invitability.js';
import { LifecycleRefusal } from './refusals.js';

/** One bad cell (or row) of an import: its line in the file and the column's header name. */
export interface ImportIssue extends Issue {
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  /** The column's header name, or `''` for a whole-row or syntax problem. */
  readonly column: string;
}

/** An import was refused as a whole; `issues` lists every bad row with its line and column. */
export class BulkImportError extends LifecycleRefusal {
  override readonly name: string = 'BulkImportError';
  readonly issues: readonly ImportIssue[];
  /** Which columns were read as what, when the header row could be read. */
  readonly headers: HeaderReport | undefined;
  constructor(issues: readonly ImportIssue[], headers?: HeaderReport) {
    const lines = issues
      .slice(0, 10)
      .map((issue) => `- line ${issue.line}${issue.column ? `, ${issue.column}` : ''}: ${issue.message}`);
    super(
      'invalid_bulk_import',
      `nothing was imported (${issues.length} problem${issues.length === 1 ? '' : 's'}); fix these rows:\n${lines.join('\n')}`,
      {
        path: issues[0]?.path ?? [],
      },
    );
    this.issues = issues;
    this.headers = headers;
  }
}

/** Imported principals and the audit event. */
export interface BulkImport<TPrincipal> {
  readonly imported: readonly TPrincipal[];
  readonly event: AuditEvent;
  /** Which columns of the file were read as what, and which were ignored. */
  readonly headers?: HeaderReport;
}

/** Imported contacts, their profiles (same order) and the header report. */
export type ContactImport = BulkImport<ContactPrincipal> & {
  readonly profiles: readonly ImportedProfile[];
  readonly headers: HeaderReport;
};

/** What a contact import would do, without doing it: contacts, profiles, every problem, the header report. */
export interface ContactImportPreview {
  readonly contacts: readonly ContactPrincipal[];
  readonly profiles: readonly ImportedProfile[];
  readonly issues: readonly ImportIssue[];
  /** Absent only when the file is not valid CSV or has no header row. */
  readonly headers?: HeaderReport;
}

/** A row's cells by column name. */
export type Cells = ReadonlyMap<string, string>;
/** Reports a problem of one cell of the current row. */
export type RowIssue = (column: string, code: string, message: string) => void;

const LIST_SEPARATOR = ';';
/** A list cell's items (semicolon-separated), trimmed; an empty cell is an empty list. */
export const listOf = (value: string | undefined): string[] =>
  value === undefined || value.trim() === '' ? [] : value.split(LIST_SEPARATOR).map((item) => item.trim());

/** Reads every row of a CSV import through `readRow`, collecting each bad cell with its line and column. */
export function readTable(
  csv: string,
  spec: HeaderSpec,
  readRow: (cells: Cells, issue: RowIssue, headers: HeaderReport, record: CsvRecord) => void,
): { readonly issues: ImportIssue[]; readonly headers?: HeaderReport } {
  const parsed = parseCsv(csv);
  if (!parsed.ok) {
    return {
      issues: parsed.problems.map((problem) => ({
        code: 'csv_syntax',
        path: ['csv'],
        line: problem.line,
        column: '',
        message: `column ${problem.column}: ${problem.message}`,
      })),
    };
  }
  const [header, ...rows] = parsed.records;
  if (!header)
    return {
      issues: [
        {
          code: 'csv_empty',
          path: ['csv'],
          line: 1,
          column: '',
          message: 'the file is empty; add a header row',
        },
      ],
    };
  // Headers are matched without case or spaces, and a template's own headers are accepted (import-headers.ts).
  const resolved = resolveHeaders(header.fields, spec);
  const issues: ImportIssue[] = resolved.problems.map(({ column, code, message }) => ({
    code,
    path: ['csv', 0, column],
    line: header.line,
    column,
    message,
  }));
  const headers = resolved.report;
  if (issues.length > 0) return { issues, headers };
  // Row problems name the column as the file's header does ("Email", not "id").
  const labels = new Map(headers.mapped.flatMap(({ header, to }) => to.map((column) => [column, header])));
  rows.forEach((record, index) => {
    const issue: RowIssue = (column, code, message) =>
      issues.push({
        code,
        path: ['csv', index + 1, column],
        line: record.line,
        column: labels.get(column) ?? column,
        message,
      });
    if (record.fields.length !== header.fields.length) {
      issue(
        '',
        'field_count',
        `the row has ${record.fields.length} fields but the header has ${header.fields.length}`,
      );
      return;
    }
    const cells = new Map<string, string>();
    resolved.columns.forEach((targets, position) => {
      for (const target of targets) cells.set(target, record.fields[position] ?? '');
    });
    readRow(cells, issue, headers, record);
  });
  return { issues, headers };
}

/** The row's id, reported when empty, padded or seen before. */
export function requireUniqueId(cells: Cells, issue: RowIssue, seen: Set<string>): string {
  const id = cells.get('id') ?? '';
  if (id.trim() === '') issue('id', 'missing_id', 'the id is empty; every row needs one');
  else if (id.trim() !== id) issue('id', 'untrimmed_id', 'remove spaces around the id');
  else if (seen.has(id))
    issue('id', 'duplicate_id', `id "${id}" already exists (in the file or the existing principals)`);
  seen.add(id);
  return id;
}

/** A cell holding one of `allowed` (`fallback` when empty), reported otherwise. */
export function enumCell<TValue extends string>(
  cells: Cells,
  issue: RowIssue,
  column: string,
  allowed: readonly TValue[],
  fallback: TValue,
): TValue {
  const value = cells.get(column) ?? '';
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as TValue;
  issue(column, `invalid_${column}`, `"${value}" is not a valid ${column} (${didYouMean(value, allowed)})`);
  return fallback;
}

/** A `true` / `false` cell (`fallback` when empty), reported otherwise. */
export function booleanCell(cells: Cells, issue: RowIssue, column: string, fallback: boolean): boolean {
  const value = (cells.get(column) ?? '').toLowerCase();
  if (value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  issue(column, `invalid_${column}`, `"${cells.get(column)}" is not true or false`);
  return fallback;
}

/** Columns of a contact import; lists (web roles) are separated by semicolons. */
export const CONTACT_IMPORT_COLUMNS = ['id', 'accountId', 'legalEntity', 'webRoles', 'state'] as const;

const PROFILE_COLUMNS = ['firstName', 'lastName', 'displayName', 'email', 'usageLocation'] as const;

const CONTACT_HEADER_SPEC: HeaderSpec = {
  columns: [...CONTACT_IMPORT_COLUMNS, ...PROFILE_COLUMNS],
  required: ['id'],
  ...PARTNER_CENTER_TEMPLATE,
};

/** What `importContacts` and `previewContactImport` read. */
export interface ContactImportRequest {
  readonly policy: Policy;
  readonly csv: string;
  readonly existingIds?: Iterable<string>;
  readonly actorId?: string;
}

/**
 * Imports contacts from CSV text, all or nothing: every bad row is reported by line and column in one
 * `BulkImportError` (with the header report). Imported contacts are marked `registeredVia: 'administrator'`.
 * The header may use the library's columns or the Partner Center customer-user template's own (see
 * `previewContactImport`); `headers` says which column was read as what, `profiles` holds the names and
 * emails the template carries beside each contact.
 *
 * @example
 * const { imported } = importContacts(systemEnvironment, { policy, csv: 'id,accountId,legalEntity\r\njane,X,usmf\r\n' });
 */
export function importContacts(
  environment: LifecycleEnvironment,
  request: ContactImportRequest,
): ContactImport {
  const preview = previewContactImport(request);
  if (preview.issues.length > 0) throw new BulkImportError(preview.issues, preview.headers);
  const { contacts: imported, profiles, headers } = preview;
  return {
    imported,
    profiles,
    headers: headers!,
    event: auditEvent('contacts.imported', instantOf(environment), 'contacts', request.actorId, {
      contactIds: imported.map((contact) => contact.id),
    }),
  };
}

/**
 * Reads a contact import without importing anything and without throwing: the contacts and profiles it would
 * import, every problem, and the header report (absent only when the file is not CSV or is empty), for a
 * console to show before the administrator confirms.
 */
export function previewContactImport(request: ContactImportRequest): ContactImportPreview {
  const seen = new Set(request.existingIds ?? []);
  const contacts: ContactPrincipal[] = [];
  const profiles: ImportedProfile[] = [];
  const { issues, headers } = readTable(request.csv, CONTACT_HEADER_SPEC, (cells, issue, report) => {
    const id = requireUniqueId(cells, issue, seen);
    const webRoles = listOf(cells.get('webRoles'));
    for (const problem of webRoleIssues(request.policy, webRoles, ['webRoles']))
      issue('webRoles', problem.code, problem.message);
    const state = enumCell<AccountState>(cells, issue, 'state', ACCOUNT_STATES, 'active');
    const accountId = cells.get('accountId') ?? '';
    const legalEntity = cells.get('legalEntity') ?? '';
    contacts.push({
      kind: 'contact',
      id,
      ...(accountId === '' ? {} : { accountId }),
      ...(legalEntity === '' ? {} : { legalEntity }),
      webRoles,
      state,
      registeredVia: 'administrator',
    });
    profiles.push(profileOf(id, cells, issue, report.template === 'partnerCenter'));
  });
  return { contacts, profiles, issues, ...(headers === undefined ? {} : { headers }) };
}
