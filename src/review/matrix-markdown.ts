import { type AccessMatrix, cellText } from './access-matrix.js';
import { escapeMarkdown } from './escape-markdown.js';

/** How a rendered matrix is headed. */
export interface MatrixRenderOptions {
  /** The header of the record column; `Record` by default. */
  readonly recordHeader?: string;
}

const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** Renders a matrix as a GitHub-flavoured Markdown table (records down, principals across). */
export function matrixToMarkdown(matrix: AccessMatrix, options: MatrixRenderOptions = {}): string {
  const header = [options.recordHeader ?? 'Record', ...matrix.principals].map(escapeMarkdown);
  const rows = matrix.rows.map((row) =>
    line([escapeMarkdown(row.record), ...row.cells.map((cell) => cellText(matrix, cell))]),
  );
  return `${[line(header), line(header.map(() => '---')), ...rows].join('\n')}\n`;
}
