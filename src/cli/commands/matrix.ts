import { accessMatrix } from '../../review/access-matrix.js';
import { matrixColumnsToMarkdown } from '../../review/matrix-columns.js';
import { matrixToCsv } from '../../review/matrix-csv.js';
import { matrixToHtml } from '../../review/matrix-html.js';
import { matrixToMarkdown } from '../../review/matrix-markdown.js';
import { loadPolicy, loadPrincipals, loadRecords } from '../inputs.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { actionsOf, formatOf, parseCommand, positionals, required } from '../options.js';

/** `matrix`: the who-sees-what table; exit 1 when a principal is invalid (it is shown with no access). */
export function matrixCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: given } = parseCommand(args, {
    principals: { type: 'string' },
    records: { type: 'string' },
    action: { type: 'string', multiple: true },
    format: { type: 'string' },
    title: { type: 'string' },
    columns: { type: 'boolean' },
  });
  const [policyFile] = positionals(given, ['policy.json']) as [string];
  const format = formatOf(values.format, ['markdown', 'csv', 'html', 'json']);
  const actions = actionsOf(values.action, ['read']);
  const policy = loadPolicy(policyFile);
  const principals = loadPrincipals(required(values.principals, 'principals'));
  const records = loadRecords(required(values.records, 'records'), policy);
  const columns = values.columns === true;
  if (columns && format !== 'markdown' && format !== 'json') {
    throw new UsageError('--columns is shown in the markdown and json formats only');
  }
  const matrix = accessMatrix(policy, principals, records, { actions, columns });
  const render = {
    markdown: () => matrixToMarkdown(matrix) + (columns ? matrixColumnsToMarkdown(matrix) : ''),
    csv: () => matrixToCsv(matrix),
    html: () => matrixToHtml(matrix, values.title === undefined ? {} : { title: values.title }),
    json: () => `${JSON.stringify(matrix, null, 2)}\n`,
  };
  io.out(render[format]());
  for (const problem of matrix.problems)
    io.err(`invalid principal ${problem.principal}: ${problem.message}\n`);
  return matrix.problems.length > 0 ? EXIT.invalidOrDenied : EXIT.ok;
}
