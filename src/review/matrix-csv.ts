import type { AccessMatrix } from './access-matrix.js';

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection): prefix it with a quote.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
function field(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Renders a matrix as RFC 4180 CSV (CRLF line ends): columns `record`, `table`, then one per principal
 * holding the allowed actions separated by spaces (empty: none). Cells that a spreadsheet would run as a
 * formula are prefixed with `'`.
 */
export function matrixToCsv(matrix: AccessMatrix): string {
  const lines = [
    ['record', 'table', ...matrix.principals],
    ...matrix.rows.map((row) => [row.record, row.table, ...row.cells.map((cell) => cell.allowed.join(' '))]),
  ];
  return lines.map((cells) => `${cells.map(field).join(',')}\r\n`).join('');
}
