import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personas } from '../../examples/customer-portal/seed.js';

const root = new URL('../../', import.meta.url);
const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  scripts: Record<string, string>;
};

// The test runs the script exactly as npm would (`sh -c`), and signals that shell as npm forwards signals to it.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-start-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    // Only if the test failed half-way: the process group this test started, nothing else.
    if (child?.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the example from the sources: no build step, so a fresh checkout serves within seconds', () => {
    // A build (tsup, declarations included) took longer than the whole start; the package name resolves to
    // src/ through the root tsconfig's paths, which tsx reads.
    expect(scripts.start).toBe('exec node --import tsx examples/customer-portal/main.ts');
  });

  it('prints where to sign in, logs requests, and stops serving when the shell npm started receives SIGTERM', async () => {
    const script = scripts.start ?? '';
    const port = await freePort();
    child = spawn('sh', ['-c', script], {
      cwd: root,
      env: { ...process.env, PORT: String(port), PGLITE_DATA_DIR: dataDir, DATABASE_URL: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (!output.includes('Customer portal running at')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the portal did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    await expect.poll(() => output, { timeout: 5_000 }).toContain('Ctrl+C to stop.');
    expect(output).toContain('Sign in as (development sign-in, not real authentication):');
    for (const persona of personas) expect(output).toContain(`  ${persona.id.padEnd(6)} ${persona.name}:`);
    expect(output).toContain(`Back office (http://localhost:${port}/back-office/sign-in)`);

    const page = await fetch(`${url}/orders`, { headers: { cookie: 'portal_contact=%E0%A4%A' } });
    expect(page.status).toBe(200);
    // Fastify's logger is on: each request is a JSON line with its status code.
    await expect.poll(() => output, { timeout: 5_000 }).toMatch(/"statusCode":200/);

    process.kill(child.pid as number, 'SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(await reachable(`${url}/terms`)).toBe(false);
    await expect.poll(() => groupAlive(child?.pid as number), { timeout: 5_000 }).toBe(false);
  }, 120_000);
});
