#!/usr/bin/env node
// The type tests' checker (vitest.config.ts, `typecheck.checker`): vitest runs it with tsc's arguments and
// reads tsc's output. It builds the program of the given tsconfig, as tsc does, and reports the diagnostics of
// every file of that program except the sources under src/: the type tests and the fixtures they import. The
// sources are read only for the types the tests use; `npm run typecheck` (tsconfig.json) checks them, every
// statement, as CI does before `npm test`. In watch mode it hands over to tsc, whose output vitest follows.
// It writes no incremental state (`--incremental` is ignored): tsc's builder keeps a file whose diagnostics
// were never asked for as changed, so a second run would check the type tests again all the same.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** The folder whose files' diagnostics the checker leaves to `npm run typecheck`: the sources. */
const SOURCES = 'src';

/** The tsconfig named by `-p` / `--project`, resolved against the working directory. */
function projectOf(args) {
  const at = args.findIndex((arg) => arg === '-p' || arg === '--project');
  const given = at === -1 ? 'tsconfig.json' : args[at + 1];
  if (given === undefined) throw new Error('-p needs the path of a tsconfig');
  const path = resolve(given);
  return ts.sys.directoryExists(path) ? join(path, 'tsconfig.json') : path;
}

/** Runs tsc itself with the same arguments (watch mode, whose output vitest follows line by line). */
function handOverToTsc(args) {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, ...args], { stdio: 'inherit' });
  return run.status ?? 1;
}

/** tsc's `--extendedDiagnostics` figures that compare this program with tsc's (docs/testing.md). */
function statisticsOf(program, started) {
  const lines = [
    ['Files', program.getSourceFiles().length],
    ['Types', program.getTypeCount()],
    ['Instantiations', program.getInstantiationCount()],
    ['Memory used', `${Math.round(process.memoryUsage().heapUsed / 1024)}K`],
    ['Total time', `${((performance.now() - started) / 1000).toFixed(2)}s`],
  ];
  return lines.map(([name, value]) => `${`${name}:`.padEnd(20)}${String(value).padStart(11)}\n`).join('');
}

/** Builds the program of `project` and returns the diagnostics tsc would print, minus those of the sources. */
function diagnosticsOf(project, statistics) {
  const unrecoverable = [];
  const config = ts.getParsedCommandLineOfConfigFile(project, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => unrecoverable.push(diagnostic),
  });
  if (config === undefined) return unrecoverable;
  const host = ts.createCompilerHost(config.options);
  // As tsc reads JSDoc: only the comments that can change a diagnostic.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const sources = join(dirname(project), SOURCES, '/');
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || resolve(file.fileName).startsWith(sources)) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  statistics?.(program);
  return diagnostics;
}

function main(args) {
  if (args.includes('--watch') || args.includes('-w')) return handOverToTsc(args);
  const started = performance.now();
  const statistics = args.includes('--extendedDiagnostics')
    ? (program) => process.stdout.write(statisticsOf(program, started))
    : undefined;
  const diagnostics = diagnosticsOf(projectOf(args), statistics);
  const host = {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  };
  process.stdout.write(ts.formatDiagnostics(diagnostics, host));
  return diagnostics.some((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error) ? 2 : 0;
}

process.exitCode = main(process.argv.slice(2));
