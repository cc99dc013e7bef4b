import { isPortalPermissionsError } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { importCommand } from './commands/import.js';
import { matrixCommand } from './commands/matrix.js';
import { pagesCommand } from './commands/pages.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { type CommandName, HELP } from './help.js';
import { type CliIo, EXIT, UsageError } from './io.js';

const COMMANDS: Readonly<Record<CommandName, (args: readonly string[], io: CliIo) => number>> = {
  validate: validateCommand,
  schema: schemaCommand,
  explain: explainCommand,
  matrix: matrixCommand,
  diff: diffCommand,
  pages: pagesCommand,
  import: importCommand,
};

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);
const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

/** Runs the command line on `argv` (without `node` and the script) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(HELP.main);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = args[0];
    io.out(topic !== undefined && isCommand(topic) ? HELP[topic] : HELP.main);
    return EXIT.ok;
  }
  try {
    if (!isCommand(name))
      throw new UsageError(`unknown command "${name}" (${didYouMean(name, Object.keys(COMMANDS))})`);
    if (wantsHelp(args)) {
      io.out(HELP[name]);
      return EXIT.ok;
    }
    return COMMANDS[name](args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${isCommand(name) ? HELP[name] : HELP.main}`);
      return EXIT.usage;
    }
    if (isPortalPermissionsError(error)) {
      io.err(`error: ${error.message}\n`);
      return EXIT.invalidOrDenied;
    }
    throw error;
  }
}
