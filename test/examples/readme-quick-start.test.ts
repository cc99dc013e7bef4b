import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../../README.md');

/** The first fenced block after `at` whose fence line is exactly "```" + `language`, and where it ends. */
function blockAfter(at: number, language: string): { readonly code: string; readonly end: number } {
  const fence = `\`\`\`${language}\n`;
  const start = readme.indexOf(fence, at) + fence.length;
  const end = readme.indexOf('\n```', start);
  return { code: readme.slice(start, end), end };
}

function quickStartOfReadme(): string {
  return blockAfter(readme.indexOf('## Quick start'), 'ts').code;
}

/** The README's "which" and "why" examples: each code block that continues the quick start, and the output under it. */
function questionsOfReadme(): { readonly code: string; readonly output: string }[] {
  return ['## Which orders', '## Why?'].map((heading) => {
    const code = blockAfter(readme.indexOf(heading), 'ts');
    return { code: code.code, output: blockAfter(code.end + '\n```'.length, '').code };
  });
}

async function printed(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(' '));
  });
  await run();
  return lines;
}

describe('the README quick start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is examples/hello.ts word for word', () => {
    const hello = read('../../examples/hello.ts');
    expect(hello.slice(hello.indexOf('\n') + 1).trimEnd()).toBe(quickStartOfReadme().trimEnd());
  });

  it('prints the documented Customer portal visibility table', async () => {
    const lines = await printed(() => import('../../examples/hello.js'));
    expect(lines).toEqual(['SO-1 ✔ ✔ ✔ ✘ ✘', 'SO-2 ✔ ✔ ✘ ✔ ✘', 'SO-3 ✔ ✘ ✘ ✘ ✘']);
  });

  it('answers "which orders may they list?" and "why?" as the README shows, run appended to the quick start', async () => {
    const questions = questionsOfReadme();
    expect(questions.map(({ code }) => code.split('\n')[0])).toEqual([
      "// continued: the quick start's policy, contact() and orders",
      "// continued: the quick start's policy and contact()",
    ]);
    const directory = mkdtempSync(join(tmpdir(), 'portal-permissions-readme-'));
    try {
      const file = join(directory, 'questions.ts');
      writeFileSync(file, [quickStartOfReadme(), ...questions.map(({ code }) => code)].join('\n'));
      const lines = await printed(() => import(/* @vite-ignore */ file));
      const expected = questions.flatMap(({ output }) => output.split('\n'));
      expect(expected).toContain('SO-1 SO-2');
      expect(lines).toEqual(['SO-1 ✔ ✔ ✔ ✘ ✘', 'SO-2 ✔ ✔ ✘ ✔ ✘', 'SO-3 ✔ ✘ ✘ ✘ ✘', ...expected]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
