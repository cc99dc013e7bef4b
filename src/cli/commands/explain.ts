import { abilityFor } from '../../ability/ability-for.js';
import { didYouMean } from '../../base/names.js';
import { explain } from '../../explain/explain.js';
import { loadPolicy, loadPrincipals, loadRecords } from '../inputs.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { actionsOf, formatOf, parseCommand, positionals, required } from '../options.js';

/** `explain`: one decision and its reasons; exit 0 when allowed, 1 when denied. */
export function explainCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: given } = parseCommand(args, {
    principals: { type: 'string' },
    principal: { type: 'string' },
    records: { type: 'string' },
    record: { type: 'string' },
    table: { type: 'string' },
    action: { type: 'string' },
    format: { type: 'string' },
    field: { type: 'string' },
  });
  const [policyFile] = positionals(given, ['policy.json']) as [string];
  const format = formatOf(values.format, ['text', 'json']);
  const actions = actionsOf(values.action === undefined ? undefined : [values.action], ['read']);
  if (actions.length !== 1) throw new UsageError('explain takes exactly one --action');
  const policy = loadPolicy(policyFile);
  const principals = loadPrincipals(required(values.principals, 'principals'));
  const label = required(values.principal, 'principal');
  const principal = principals[label];
  if (!principal || !Object.hasOwn(principals, label)) {
    throw new UsageError(
      `no principal "${label}" in ${values.principals} (${didYouMean(label, Object.keys(principals))})`,
    );
  }
  let subject: Parameters<typeof explain>[2];
  if (values.record !== undefined) {
    const records = loadRecords(required(values.records, 'records'), policy);
    const record = Object.hasOwn(records, values.record) ? records[values.record] : undefined;
    if (!record)
      throw new UsageError(
        `no record "${values.record}" in ${values.records} (${didYouMean(values.record, Object.keys(records))})`,
      );
    subject = record;
  } else {
    subject = required(values.table, 'record (or --table for a type-level question)');
  }
  const why = explain(abilityFor(policy, principal), actions[0]!, subject, {
    principalLabel: label,
    ...(values.field === undefined ? {} : { field: values.field }),
  });
  io.out(format === 'json' ? `${JSON.stringify(why, null, 2)}\n` : `${why.message}\n`);
  return why.allowed ? EXIT.ok : EXIT.invalidOrDenied;
}
