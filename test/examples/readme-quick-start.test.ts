import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

function quickStartOfReadme(): string {
  const readme = read('../../README.md');
  const section = readme.slice(readme.indexOf('## Quick start'));
  return section.slice(
    section.indexOf('```ts\n') + 6,
    section.indexOf('\n```', section.indexOf('```ts\n') + 6),
  );
}

describe('the README quick start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is examples/hello.ts word for word', () => {
    const hello = read('../../examples/hello.ts');
    expect(hello.slice(hello.indexOf('\n') + 1).trimEnd()).toBe(quickStartOfReadme().trimEnd());
  });

  it('prints the documented Customer portal visibility table', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      lines.push(parts.join(' '));
    });
    await import('../../examples/hello.js');
    expect(lines).toEqual(['SO-1 ✔ ✔ ✔ ✘ ✘', 'SO-2 ✔ ✔ ✘ ✔ ✘', 'SO-3 ✔ ✘ ✘ ✘ ✘']);
  });
});
