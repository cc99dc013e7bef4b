import { policyJsonSchema } from '../../policy/json-schema.js';
import { type CliIo, EXIT } from '../io.js';
import { parseCommand, positionals } from '../options.js';

/** `schema`: prints the JSON Schema of a policy file. */
export function schemaCommand(args: readonly string[], io: CliIo): number {
  positionals(parseCommand(args, {}).positionals, []);
  io.out(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
