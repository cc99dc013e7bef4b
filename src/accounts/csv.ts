/** One CSV record and the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A CSV syntax problem at a line and a character column (both 1-based). */
export interface CsvSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The records of a CSV text, or every syntax problem found. */
export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly problems: readonly CsvSyntaxProblem[] };

/**
 * Parses RFC 4180 CSV: comma-separated fields, CRLF or LF line breaks, quoted fields with doubled quotes and
 * embedded line breaks. Blank lines are skipped. Never throws: syntax problems are returned.
 */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const problems: CsvSyntaxProblem[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let quoted = false;
  let afterQuote = false;
  let fieldStarted = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
    afterQuote = false;
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
        column++;
      } else if (char === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        field += char;
      }
    } else if (char === ',') {
      endField();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      column = 0;
      recordLine = line;
    } else if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === '"' || afterQuote) {
      problems.push({
        line,
        column,
        message: afterQuote
          ? 'text after a closing quote; quote the whole field'
          : 'a quote inside an unquoted field; quote the field and double the quote',
      });
      field += char;
    } else {
      field += char;
      fieldStarted = true;
    }
    if (quoted && (char === '\n' || (char === '\r' && text[i + 1] !== '\n'))) {
      line++;
      column = 0;
    }
    column++;
  }
  if (quoted)
    problems.push({ line, column, message: 'a quoted field is never closed; add the closing quote' });
  else endRecord();
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
