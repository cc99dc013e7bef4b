import { formatImportReport } from '../../import/import-report.js';
import { type ImportResult, importSiteFiles } from '../../import/import-site.js';
import { importSolutionFiles } from '../../import/import-solution.js';
import { parseRelationshipMap } from '../../import/relationships.js';
import { readSourceFiles } from '../../import/source-files.js';
import { type CliIo, EXIT, readJson, UsageError } from '../io.js';
import { parseCommand, positionals } from '../options.js';

const IMPORTERS: Readonly<Record<string, typeof importSiteFiles>> = {
  site: importSiteFiles,
  solution: importSolutionFiles,
};

/**
 * `import site <dir>` and `import solution <dir>`: the policy JSON on stdout, the report on stderr; an input
 * that cannot be imported (or, with --strict, an unresolved relationship) exits 1.
 */
export function importCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals: given } = parseCommand(args, {
    relationships: { type: 'string' },
    strict: { type: 'boolean' },
  });
  const [form, folder] = positionals(given, ['site|solution', 'dir']) as [string, string];
  const importer = Object.hasOwn(IMPORTERS, form) ? IMPORTERS[form] : undefined;
  if (importer === undefined)
    throw new UsageError(`unknown import "${form}"; use "import site <dir>" or "import solution <dir>"`);
  const relationships =
    values.relationships === undefined ? {} : parseRelationshipMap(readJson(values.relationships));
  const result: ImportResult = importer(readSourceFiles(folder), {
    relationships,
    strict: values.strict === true,
  });
  io.out(`${JSON.stringify(result.policy, null, 2)}\n`);
  io.err(formatImportReport(result.report));
  return EXIT.ok;
}
