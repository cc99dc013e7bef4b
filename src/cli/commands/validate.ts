import { formatPath } from '../../base/errors.js';
import { loadPolicy } from '../inputs.js';
import { type CliIo, EXIT } from '../io.js';
import { parseCommand, positionals } from '../options.js';

/** `validate <policy.json>`: a summary and warnings, or every issue with its JSON path (exit 1). */
export function validateCommand(args: readonly string[], io: CliIo): number {
  const [file] = positionals(parseCommand(args, {}).positionals, ['policy.json']) as [string];
  const policy = loadPolicy(file);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  io.out(
    `${file} is valid: ${count(Object.keys(policy.tables).length, 'table')}, ${count(policy.webRoles.length, 'web role')}, ${count(policy.tablePermissions.length, 'table permission')}\n`,
  );
  for (const warning of policy.warnings)
    io.err(`warning: ${formatPath(warning.path)}: ${warning.message} (${warning.code})\n`);
  return EXIT.ok;
}
