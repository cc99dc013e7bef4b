import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../src/import/limits.js';
import { readSourceFiles } from '../../src/import/source-files.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('reading the files of a source', () => {
  it('a files key that climbs out with "..", or is absolute, is refused before anything is parsed', () => {
    for (const key of [
      '../secret.yml',
      'web-roles/../../x.yml',
      '/etc/passwd.yml',
      'C:\\site\\a.yml',
      '..\\a.yml',
      'a\u0000.yml',
    ]) {
      expect(
        codeOf(() => readSourceFiles({ files: { [key]: 'a: 1' } })),
        key,
      ).toBe('import_unsafe_path');
    }
  });

  it('a files key with "." segments or backslashes is normalized, and only record files are kept', () => {
    const files = readSourceFiles({
      files: { './web-roles\\a.webrole.yml': 'name: A', 'web-files/logo.png': 'PNG', 'site.css': 'body{}' },
    });
    expect([...files.keys()]).toEqual(['web-roles/a.webrole.yml']);
  });

  it('two files keys naming the same file are refused: which text counts would be a guess', () => {
    for (const other of ['web-roles//a.webrole.yml', './web-roles/a.webrole.yml', 'web-roles\\a.webrole.yml'])
      expect(
        codeOf(() =>
          readSourceFiles({
            files: { 'web-roles/a.webrole.yml': 'name: A', [other]: 'name: B\nanonymoususersrole: true' },
          }),
        ),
        other,
      ).toBe('import_unsafe_path');
  });

  it('a file larger than the bound is refused and named', () => {
    const big = 'x'.repeat(IMPORT_LIMITS.maxFileSize + 1);
    expect(codeOf(() => readSourceFiles({ files: { 'a.webrole.yml': big } }))).toBe('import_file_too_large');
  });

  it('a value that is not text is refused', () => {
    expect(codeOf(() => readSourceFiles({ files: { 'a.webrole.yml': 42 as unknown as string } }))).toBe(
      'import_unparsable_file',
    );
  });

  it('inherited keys of files are never read', () => {
    const files = Object.create({ 'inherited.webrole.yml': 'name: X' }) as Record<string, string>;
    files['own.webrole.yml'] = 'name: Y';
    expect([...readSourceFiles({ files }).keys()]).toEqual(['own.webrole.yml']);
  });

  it('a folder is read below itself only: a symbolic link to a file outside is not followed', () => {
    const outside = mkdtempSync(join(tmpdir(), 'pp-outside-'));
    writeFileSync(join(outside, 'secret.webrole.yml'), 'name: Secret');
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    mkdirSync(join(root, 'web-roles'));
    writeFileSync(join(root, 'web-roles', 'a.webrole.yml'), 'name: A');
    symlinkSync(join(outside, 'secret.webrole.yml'), join(root, 'web-roles', 'b.webrole.yml'));
    symlinkSync(outside, join(root, 'linked-folder'));
    expect([...readSourceFiles(root).keys()]).toEqual(['web-roles/a.webrole.yml']);
  });

  it('a missing folder is an error that says what to pass', () => {
    expect(codeOf(() => readSourceFiles(join(tmpdir(), 'no-such-site-folder-here')))).toBe(
      'import_source_unreadable',
    );
  });
});
