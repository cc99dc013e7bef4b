// Every ```ts block of the README and docs/ compiles as written, imports included, against the sources: a
// reader who pastes one gets no error. Blocks that are not meant to compile use another fence language.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Block {
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** The 1-based line of the block's first line of code (the line after the fence). */
  readonly line: number;
  readonly code: string;
}

function markdownFiles(path: string): string[] {
  if (!statSync(join(root, path)).isDirectory()) return path.endsWith('.md') ? [path] : [];
  return readdirSync(join(root, path)).flatMap((name) => markdownFiles(`${path}/${name}`));
}

function typescriptBlocks(file: string): Block[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)```(\S*)/.exec(lines[index]!);
    if (!fence) continue;
    const end = lines.findIndex((line, at) => at > index && /^\s*```\s*$/.test(line));
    if (end < 0) throw new Error(`${file}:${index + 1}: a code block that never closes`);
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      const indent = fence[1]!.length;
      const code = lines.slice(index + 1, end).map((line) => line.slice(indent));
      blocks.push({ file, line: index + 2, code: code.join('\n') });
    }
    index = end;
  }
  return blocks;
}

/**
 * Where a block is compiled: in the example portal the docs describe, so `./policy.js` is its policy module
 * (examples/customer-portal/policy.ts), as the docs say.
 */
const virtualPath = (block: Block) =>
  join(root, 'examples/customer-portal', `${block.file.replaceAll('/', '-')}.line-${block.line}.ts`);

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const entry = (path: string) => [join(root, path)];
  const paths: Record<string, string[]> = {
    'portal-permissions': entry('src/index.ts'),
    'portal-permissions/testing': entry('src/testing/index.ts'),
    'portal-permissions/kysely': entry('src/integrations/kysely/index.ts'),
    'portal-permissions/drizzle': entry('src/integrations/drizzle/index.ts'),
    'portal-permissions/prisma': entry('src/integrations/prisma/index.ts'),
    'portal-permissions/fastify': entry('src/integrations/fastify/index.ts'),
    'portal-permissions/import': entry('src/import/index.ts'),
    'portal-permissions/store': entry('src/store/index.ts'),
  };
  if (existsSync(join(root, 'src/accounts/index.ts'))) {
    paths['portal-permissions/accounts'] = entry('src/accounts/index.ts');
  }
  return { ...options, noEmit: true, paths };
}

/**
 * A block whose first line is a comment saying it continues (`// continued: …`) reads on from the blocks
 * before it in the same file, as the prose does: it is compiled as part of the same module.
 */
const CONTINUES = /^\/\/ continued\b/;

/** The modules to compile: each a run of blocks, the first one standing alone and the rest continuing it. */
function modulesOf(blocks: readonly Block[]): Block[][] {
  const modules: Block[][] = [];
  for (const block of blocks) {
    const previous = modules.at(-1);
    if (previous && previous[0]!.file === block.file && CONTINUES.test(block.code)) previous.push(block);
    else modules.push([block]);
  }
  return modules;
}

function typeErrors(blocks: readonly Block[]): string[] {
  const options = compilerOptions();
  const modules = modulesOf(blocks);
  // Each module ends with `export {}` (after its last line, so line numbers hold): blocks never clash.
  const sources = new Map(
    modules.map((run) => [
      virtualPath(run[0]!),
      `${run.map((block) => block.code).join('\n')}\nexport {};\n`,
    ]),
  );
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => sources.has(path) || fileExists.call(host, path);
  host.readFile = (path) => sources.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const text = sources.get(path);
    return text === undefined
      ? getSourceFile.call(host, path, language, ...rest)
      : ts.createSourceFile(path, text, language, true);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  return modules.flatMap((run) => {
    const source = program.getSourceFile(virtualPath(run[0]!))!;
    let firstLine = 0;
    const starts = run.map((block) => {
      const start = firstLine;
      firstLine += block.code.split('\n').length;
      return { block, start };
    });
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    return diagnostics.map((diagnostic) => {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const { block, start } = starts.findLast((candidate) => candidate.start <= line)!;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
      return `${block.file}:${block.line + line - start}: TS${diagnostic.code} ${message}`;
    });
  });
}

describe('the TypeScript in the README and docs/', () => {
  const blocks = ['README.md', ...markdownFiles('docs')].flatMap(typescriptBlocks);

  it('finds the blocks to check', () => {
    expect(blocks.length).toBeGreaterThan(10);
    // The column security guide shows its three steps as code: each is compiled below, standing alone.
    const columnSecurity = blocks.filter((block) => block.file === 'docs/guide/column-security.md');
    expect(columnSecurity.length).toBeGreaterThanOrEqual(3);
    expect(columnSecurity.filter((block) => CONTINUES.test(block.code))).toEqual([]);
  });

  it('compiles as written, imports included', { timeout: 180_000 }, () => {
    // Two planted blocks (compiled in the same program, to pay for one compilation) prove that an error
    // is caught and located, also in a block that continues another.
    const planted: Block[] = [
      { file: 'docs/planted.md', line: 3, code: 'const count = 1;\nconst label: string = count;' },
      {
        file: 'docs/planted.md',
        line: 10,
        code: '// continued: count from above\nconst total: string = count;',
      },
    ];
    const errors = typeErrors([...blocks, ...planted]);
    expect(errors.filter((error) => !error.startsWith('docs/planted.md'))).toEqual([]);
    expect(errors.filter((error) => error.startsWith('docs/planted.md'))).toEqual([
      "docs/planted.md:4: TS2322 Type 'number' is not assignable to type 'string'.",
      "docs/planted.md:11: TS2322 Type 'number' is not assignable to type 'string'.",
    ]);
  });
});
