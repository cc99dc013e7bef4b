import { TABLE_PERMISSION_PRIVILEGES } from '../../base/privilege.js';
import { accessDiffToMarkdown, diffAccess } from '../../review/diff-access.js';
import { loadPolicy, loadPrincipals, loadRecords } from '../inputs.js';
import { type CliIo, EXIT } from '../io.js';
import { actionsOf, formatOf, parseCommand, positionals, required } from '../options.js';

/** `diff`: the decisions a policy change flips; with `--exit-code`, exit 1 when any did. */
export function diffCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: given } = parseCommand(args, {
    principals: { type: 'string' },
    'after-principals': { type: 'string' },
    records: { type: 'string' },
    action: { type: 'string', multiple: true },
    format: { type: 'string' },
    'exit-code': { type: 'boolean' },
    'rows-only': { type: 'boolean' },
  });
  const [beforeFile, afterFile] = positionals(given, ['before.json', 'after.json']) as [string, string];
  const format = formatOf(values.format, ['markdown', 'json']);
  const actions = actionsOf(values.action, TABLE_PERMISSION_PRIVILEGES);
  const before = loadPolicy(beforeFile);
  const after = loadPolicy(afterFile);
  const principals = loadPrincipals(required(values.principals, 'principals'));
  const afterPrincipals =
    values['after-principals'] === undefined ? undefined : loadPrincipals(values['after-principals']);
  // Records are labelled with the after policy's table keys; both policies normally declare the same tables.
  const records = loadRecords(required(values.records, 'records'), after);
  const diff = diffAccess(
    before,
    afterPrincipals ? { policy: after, principals: afterPrincipals } : after,
    principals,
    records,
    { actions, columns: values['rows-only'] !== true },
  );
  io.out(format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : accessDiffToMarkdown(diff));
  for (const problem of diff.problems)
    io.err(`invalid principal ${problem.principal} (${problem.side}): ${problem.message}\n`);
  return values['exit-code'] && diff.changes.length > 0 ? EXIT.invalidOrDenied : EXIT.ok;
}
