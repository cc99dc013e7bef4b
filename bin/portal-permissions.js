#!/usr/bin/env node
// The `portal-permissions` command. A checkout of the repository runs its sources through tsx, so the
// command works in a fresh clone before any build and never runs a stale one; the published package
// ships no sources and runs its build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/bin.ts', import.meta.url);
if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(source.href, import.meta.url);
} else {
  await import('../dist/cli.js');
}
