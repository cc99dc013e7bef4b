import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** Runs `npm start`'s entry with the given environment, collecting stdout and stderr together. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/customer-portal/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  return { child, output: () => output };
}

describe('PORTAL_SITE=<folder> npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-site-start-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    // Only if a test failed half-way: the processes these tests started, nothing else.
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start from a site that does not fit, naming what is missing, and exits 1', async () => {
    const run = start({ PORTAL_SITE: 'test/fixtures/import/enhanced-site', PGLITE_DATA_DIR: dataDir });
    children.push(run.child);
    expect(await exited(run.child)).toBe(1);
    expect(run.output()).toContain('does not fit the example portal');
    expect(run.output()).toContain('table salesorderline: the site grants nothing on it');
    expect(run.output()).toContain('web role "Authorized user"');
    expect(run.output()).not.toContain('Customer portal running');
  }, 90_000);

  it('prints the import report and serves the site when it fits', async () => {
    const run = start({ PORTAL_SITE: 'test/fixtures/import/portal-site', PGLITE_DATA_DIR: dataDir });
    children.push(run.child);
    await expect
      .poll(() => run.output().includes('Customer portal running') || run.child.exitCode !== null, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe(true);
    expect(run.output()).toContain('Imported test/fixtures/import/portal-site:');
    expect(run.output()).toContain('read 14 records (enhanced): 14 mapped, 0 left out');
    expect(run.output()).toContain('6 web roles and 8 table permissions taken');
    run.child.kill('SIGTERM');
    expect(await exited(run.child)).toBe(0);
  }, 120_000);
});
