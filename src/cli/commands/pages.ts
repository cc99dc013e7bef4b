import { abilityFor } from '../../ability/ability-for.js';
import { didYouMean } from '../../base/names.js';
import { explainPage } from '../../explain/page-explanation.js';
import { PAGE_ACTIONS, type PageAction } from '../../policy/page.js';
import { matrixToCsv } from '../../review/matrix-csv.js';
import { matrixToHtml } from '../../review/matrix-html.js';
import { matrixToMarkdown } from '../../review/matrix-markdown.js';
import { pageAccessMatrix } from '../../review/page-matrix.js';
import { loadPolicy, loadPrincipals } from '../inputs.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { formatOf, parseCommand, positionals, required } from '../options.js';

function pageActionsOf(values: readonly string[] | undefined): PageAction[] {
  const names = (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(PAGE_ACTIONS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown page action "${name}" (${didYouMean(name, PAGE_ACTIONS)})`);
    }
  }
  return names.length === 0 ? [...PAGE_ACTIONS] : [...new Set(names as PageAction[])];
}

/**
 * `pages`: who may view and change which page (webpage access control rules), or with `--page` and
 * `--principal` why one principal may or may not; exit 1 when a principal is invalid or the page is denied.
 */
export function pagesCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: given } = parseCommand(args, {
    principals: { type: 'string' },
    principal: { type: 'string' },
    page: { type: 'string' },
    action: { type: 'string', multiple: true },
    format: { type: 'string' },
    title: { type: 'string' },
  });
  const [policyFile] = positionals(given, ['policy.json']) as [string];
  const actions = pageActionsOf(values.action);
  const policy = loadPolicy(policyFile);
  const principals = loadPrincipals(required(values.principals, 'principals'));
  if (values.page !== undefined || values.principal !== undefined) {
    const format = formatOf(values.format, ['text', 'json']);
    if (actions.length !== 1 && values.action !== undefined) {
      throw new UsageError('explaining a page takes exactly one --action');
    }
    const label = required(values.principal, 'principal');
    const id = required(values.page, 'page');
    const principal = Object.hasOwn(principals, label) ? principals[label] : undefined;
    if (!principal) {
      throw new UsageError(
        `no principal "${label}" in ${values.principals} (${didYouMean(label, Object.keys(principals))})`,
      );
    }
    const action = values.action === undefined ? 'view' : actions[0]!;
    const why = explainPage(abilityFor(policy, principal), action, id);
    const message = why.message.replace(/^(contact|user) "[^"]*"|^an anonymous visitor/, label);
    io.out(format === 'json' ? `${JSON.stringify(why, null, 2)}\n` : `${message}\n`);
    return why.allowed ? EXIT.ok : EXIT.invalidOrDenied;
  }
  const format = formatOf(values.format, ['markdown', 'csv', 'html', 'json']);
  const matrix = pageAccessMatrix(policy, principals, { actions });
  const render = {
    markdown: () => matrixToMarkdown(matrix, { recordHeader: 'Page' }),
    csv: () => matrixToCsv(matrix),
    html: () => matrixToHtml(matrix, values.title === undefined ? {} : { title: values.title }),
    json: () => `${JSON.stringify(matrix, null, 2)}\n`,
  };
  io.out(render[format]());
  for (const problem of matrix.problems)
    io.err(`invalid principal ${problem.principal}: ${problem.message}\n`);
  return matrix.problems.length > 0 ? EXIT.invalidOrDenied : EXIT.ok;
}
