import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_PATH, renderErrorCatalogue } from '../../scripts/error-catalogue.js';
import { ERROR_CODES, type ErrorCode } from '../../src/base/error-codes.js';
import { PortalPermissionsError } from '../../src/base/errors.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourcesOf(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesOf(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [readFileSync(join(folder, entry.name), 'utf8')]
        : [],
  );
}

describe('error codes are data', () => {
  it('docs/errors.md is the catalogue rendered from ERROR_CODES (run scripts/error-catalogue.ts after adding a code)', () => {
    expect(readFileSync(CATALOGUE_PATH, 'utf8')).toBe(renderErrorCatalogue());
  });

  it('the catalogue has a row for every code, and only for them', () => {
    const rows = [...renderErrorCatalogue().matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]);
    expect(rows).toEqual(Object.keys(ERROR_CODES));
    expect(rows).toContain('invalid_policy');
  });

  it('every listed code is thrown somewhere in src/ (no stale entry)', () => {
    const sources = sourcesOf(SRC)
      .filter((source) => !source.includes('export const ERROR_CODES'))
      .join('\n');
    const stale = Object.keys(ERROR_CODES).filter((code) => !sources.includes(`'${code}'`));
    expect(stale).toEqual([]);
  });

  it('every code is snake_case and says what it means', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(meaning.length).toBeGreaterThan(10);
    }
  });

  it("a library error's code is one of the union, and a code outside it does not compile", () => {
    const error = new PortalPermissionsError('invalid_options', 'the options must be an object');
    const code: ErrorCode = error.code;
    expect(code).toBe('invalid_options');
    // @ts-expect-error: a code that is not in ERROR_CODES is refused by the compiler
    expect(new PortalPermissionsError('no_such_code', 'never').code).toBe('no_such_code');
  });
});
