// Global setup of the integration project: initialises one PGlite database and writes its data directory to a
// file, so that every test database starts from a copy of that fresh cluster instead of running initdb again
// (most of a PGlite start). The copy is the very directory `new PGlite()` would create: same version, no
// tables, no rows. Removed when the run ends.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The tar file of a freshly initialised PGlite data directory (test/fixtures/pglite.ts reads it). */
    pgliteSnapshot: string | undefined;
  }
}

export default async function snapshotPglite(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'portal-pglite-'));
  const file = join(folder, 'fresh.tar');
  const pglite = new PGlite();
  try {
    await pglite.waitReady;
    const dump = await pglite.dumpDataDir('none');
    await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  project.provide('pgliteSnapshot', file);
  return () => rm(folder, { recursive: true, force: true });
}
