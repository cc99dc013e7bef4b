import { type AccessMatrix, cellText } from './access-matrix.js';
import type { MatrixRenderOptions } from './matrix-markdown.js';

/** How a standalone HTML matrix is titled and headed. */
export interface MatrixHtmlOptions extends MatrixRenderOptions {
  /** The page title and heading; `Access matrix` by default. */
  readonly title?: string;
}

/** Escapes text for an HTML element or a quoted attribute. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.35rem .6rem;text-align:center}
th[scope=row]{text-align:left}td.allowed{background:#e6f4ea}td.denied{background:#fce8e6}
p.problems{color:#a50e0e}`;

/**
 * Renders a matrix as a standalone HTML page: no script, no external resource, a Content-Security-Policy
 * that forbids both, and every label escaped.
 */
export function matrixToHtml(matrix: AccessMatrix, options: MatrixHtmlOptions = {}): string {
  const title = escapeHtml(options.title ?? 'Access matrix');
  const header = [options.recordHeader ?? 'Record', ...matrix.principals]
    .map((label) => `<th scope="col">${escapeHtml(label)}</th>`)
    .join('');
  const rows = matrix.rows.map((row) => {
    const cells = row.cells.map((cell) => {
      const state = cell.allowed.length > 0 ? 'allowed' : 'denied';
      return `<td class="${state}">${escapeHtml(cellText(matrix, cell))}</td>`;
    });
    return `<tr><th scope="row" title="${escapeHtml(row.table)}">${escapeHtml(row.record)}</th>${cells.join('')}</tr>`;
  });
  const problems = matrix.problems.map(
    (problem) => `<p class="problems">${escapeHtml(problem.principal)}: ${escapeHtml(problem.message)}</p>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p>Actions checked: ${escapeHtml(matrix.actions.join(', '))}</p>
${problems.join('\n')}
<table>
<thead><tr>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
