import { didYouMean } from '../base/names.js';

/** A header cell mapped to the library's columns (`to`: one, or `id` and `email` for an email that is the id). */
export interface MappedHeader {
  /** The header as written in the file. */
  readonly header: string;
  /** 1-based position of the column in the file. */
  readonly position: number;
  readonly to: readonly string[];
}

/** A header cell the import recognizes and deliberately does not read, and why. */
export interface IgnoredHeader {
  readonly header: string;
  readonly position: number;
  readonly reason: string;
}

/**
 * Which columns of an import file were read as what, and which were ignored. `template` is
 * `'partnerCenter'` when the file uses the Partner Center customer-user template's own headers.
 */
export interface HeaderReport {
  readonly template: 'library' | 'partnerCenter';
  readonly mapped: readonly MappedHeader[];
  readonly ignored: readonly IgnoredHeader[];
}

/** A header problem, before any row is read. */
export interface HeaderProblem {
  /** The header as written, or the missing column's name. */
  readonly column: string;
  readonly code: 'unknown_column' | 'duplicate_column' | 'missing_column';
  readonly message: string;
}

/** The columns an import reads, and the template headers it also accepts. */
export interface HeaderSpec {
  /** The library's own column names. */
  readonly columns: readonly string[];
  /** The library columns a file in the library's own format must have. */
  readonly required: readonly string[];
  /** Template headers (normalized, see `normalizeHeader`) and the library column each one fills. */
  readonly templateColumns?: Readonly<Record<string, string>>;
  /** Template headers (normalized) read as nothing, and why. */
  readonly templateIgnored?: Readonly<Record<string, string>>;
  /** The columns a file in the template's format must have, as the template names them. */
  readonly templateRequired?: readonly string[];
  /** The template's headers as it writes them, for did-you-mean hints. */
  readonly templateLabels?: readonly string[];
}

/** The outcome of reading a header row. */
export interface ResolvedHeaders {
  /** Per position, the library columns it fills (none when it is ignored or unknown). */
  readonly columns: readonly (readonly string[])[];
  readonly report: HeaderReport;
  readonly problems: readonly HeaderProblem[];
}

/** A header compared without case and without spaces: "First name", "first Name" and "FirstName" are one. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Partner Center's "Upload users" template for a customer's users (Customers > Users and licenses > Upload
 * users > Download template): First name, Last name, Display name (required), Email (required, unique) and
 * Status update (left empty, Partner Center fills it in). "User name" and "Usage location" are the same
 * fields as the single-user form names them.
 */
export const PARTNER_CENTER_CUSTOMER_USER_COLUMNS: Readonly<Record<string, string>> = {
  firstname: 'firstName',
  lastname: 'lastName',
  displayname: 'displayName',
  email: 'email',
  emailaddress: 'email',
  username: 'email',
  'email/username': 'email',
  usagelocation: 'usageLocation',
};

const PARTNER_CENTER_IGNORED: Readonly<Record<string, string>> = {
  statusupdate: 'Partner Center fills in the upload status; the template says to leave it empty',
};

/** The headers of the Partner Center template a file in that format must have. */
export const PARTNER_CENTER_REQUIRED_HEADERS: readonly string[] = ['Display name', 'Email'];

/** The template parts of a `HeaderSpec` for the Partner Center customer-user template. */
export const PARTNER_CENTER_TEMPLATE = {
  templateColumns: PARTNER_CENTER_CUSTOMER_USER_COLUMNS,
  templateIgnored: PARTNER_CENTER_IGNORED,
  templateRequired: PARTNER_CENTER_REQUIRED_HEADERS,
  templateLabels: ['First name', 'Last name', 'Display name', 'Email', 'Usage location', 'Status update'],
} as const satisfies Partial<HeaderSpec>;

/**
 * Maps a header row to the library's columns, case- and space-insensitively: the library's own names and
 * the template's headers. Unknown headers are refused with a did-you-mean (an extra column is a mistake the
 * template also refuses), as are two headers for one column and missing required columns, which are named
 * with the unknown header that probably meant them.
 */
export function resolveHeaders(fields: readonly string[], spec: HeaderSpec): ResolvedHeaders {
  const own = new Map(spec.columns.map((column) => [normalizeHeader(column), column]));
  const template = new Map(Object.entries(spec.templateColumns ?? {}));
  const ignoredReasons = new Map(Object.entries(spec.templateIgnored ?? {}));
  const known = [...(spec.templateLabels ?? []), ...spec.columns];
  const columns: string[][] = [];
  const mapped: MappedHeader[] = [];
  const ignored: IgnoredHeader[] = [];
  const problems: HeaderProblem[] = [];
  const unknown: string[] = [];
  const filledBy = new Map<string, string>();
  let templateHeaders = false;
  fields.forEach((header, index) => {
    const key = normalizeHeader(header);
    const reason = ignoredReasons.get(key);
    const column = own.get(key) ?? template.get(key);
    if (template.has(key) || reason !== undefined) templateHeaders = true;
    if (reason !== undefined) {
      ignored.push({ header, position: index + 1, reason });
      columns.push([]);
      return;
    }
    if (column === undefined) {
      unknown.push(header);
      problems.push({
        column: header,
        code: 'unknown_column',
        message: `unknown column "${header}" (${didYouMean(header, known)})`,
      });
      columns.push([]);
      return;
    }
    const earlier = filledBy.get(column);
    if (earlier !== undefined) {
      problems.push({
        column: header,
        code: 'duplicate_column',
        message: `column "${header}" fills ${column}, as "${earlier}" already does; keep one`,
      });
    }
    filledBy.set(column, header);
    columns.push([column]);
    mapped.push({ header, position: index + 1, to: [column] });
  });
  // A file with the template's headers and no id column is a template file: it names its users by email,
  // so the email is the contact's id. With an id column the file is the library's own, profile columns and all.
  const usesTemplate = templateHeaders && !filledBy.has('id');
  if (usesTemplate && filledBy.has('email') && spec.columns.includes('id')) {
    const entry = mapped.findIndex((candidate) => candidate.to[0] === 'email');
    const email = mapped[entry]!;
    columns[email.position - 1] = ['id', 'email'];
    mapped[entry] = { ...email, to: ['id', 'email'] };
    filledBy.set('id', email.header);
  }
  const required = usesTemplate
    ? (spec.templateRequired ?? []).map((label) => ({ label, column: template.get(normalizeHeader(label)) }))
    : spec.required.map((column) => ({ label: column, column }));
  for (const { label, column } of required) {
    if (column !== undefined && filledBy.has(column)) continue;
    const hint = unknown.length > 0 ? ` (${didYouMean(label, unknown)})` : '';
    problems.push({
      column: label,
      code: 'missing_column',
      message: `the header has no "${label}" column${hint}; add it`,
    });
  }
  return {
    columns,
    report: { template: usesTemplate ? 'partnerCenter' : 'library', mapped, ignored },
    problems,
  };
}
