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

  it('a files key that names no file is refused at its path', () => {
    for (const key of ['', './', '/./', '.']) {
      expect(
        codeOf(() => readSourceFiles({ files: { [key]: 'a: 1' } })),
        key,
      ).toBe('import_unsafe_path');
    }
    expect(() => readSourceFiles({ files: { './': 'a: 1' } })).toThrow(/it names no file/);
  });

  it('a refused files key carries the JSON path files.<key>', () => {
    for (const [key, text] of [
      ['../a.yml', 'a: 1'],
      ['a.yml', 42],
    ] as const) {
      let path: unknown;
      try {
        readSourceFiles({ files: { [key]: text as string } });
      } catch (error) {
        path = (error as { path?: unknown }).path;
      }
      expect(path, key).toEqual(['files', key]);
    }
  });

  it('names whose dots are not a ".." segment stay inside the source and are read', () => {
    expect([...readSourceFiles({ files: { 'a/..b.yml': 'x: 1', 'c/.../d.yml': 'y: 1' } }).keys()]).toEqual([
      'a/..b.yml',
      'c/.../d.yml',
    ]);
  });

  it('record files are recognised by extension whatever its case; other files are skipped', () => {
    const files = readSourceFiles({
      files: { 'a.YAML': 'x', 'b.Json': '{}', 'c.XML': '<r/>', 'd.yml': '', 'e.txt': '', 'f.yaml.bak': '' },
    });
    expect([...files.keys()]).toEqual(['a.YAML', 'b.Json', 'c.XML', 'd.yml']);
  });

  it('a source that is neither a folder nor { files } with an object of texts is refused and says what to pass', () => {
    for (const source of [null, 42, {}, Object.create({ files: {} }), { files: null }, { files: 'a.yml' }])
      expect(codeOf(() => readSourceFiles(source as never))).toBe('import_source_unreadable');
    expect(() => readSourceFiles({} as never)).toThrow(/pass a folder path or \{ files/);
    expect(() => readSourceFiles({ files: null } as never)).toThrow(/source\.files must be an object/);
  });

  it('a file of exactly the bound is read; the files together may not pass the total bound', () => {
    const largest = 'x'.repeat(IMPORT_LIMITS.maxFileSize);
    expect([...readSourceFiles({ files: { 'a.webrole.yml': largest } }).keys()]).toEqual(['a.webrole.yml']);
    const count = Math.floor(IMPORT_LIMITS.maxTotalSize / IMPORT_LIMITS.maxFileSize);
    const exact: Record<string, string> = {};
    for (let index = 0; index < count; index++) exact[`f${index}.yml`] = largest;
    expect(readSourceFiles({ files: exact }).size).toBe(count);
    expect(codeOf(() => readSourceFiles({ files: { ...exact, 'one-more.yml': 'x' } }))).toBe(
      'import_file_too_large',
    );
  });

  it('more record files than the bound are refused; other files do not count', () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < IMPORT_LIMITS.maxFiles; index++) files[`f${index}.yml`] = '';
    files['logo.png'] = '';
    expect(readSourceFiles({ files }).size).toBe(IMPORT_LIMITS.maxFiles);
    files['one-more.yml'] = '';
    expect(codeOf(() => readSourceFiles({ files }))).toBe('import_too_many_files');
  });

  it('a folder is read with its subfolders, record files only, at most the folder depth bound deep', () => {
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    let folder = root;
    for (let depth = 1; depth <= IMPORT_LIMITS.maxFolderDepth; depth++) {
      folder = join(folder, 'd');
      mkdirSync(folder);
    }
    writeFileSync(join(folder, 'deepest.webrole.yml'), 'name: Deep');
    writeFileSync(join(root, 'top.webrole.yml'), 'name: Top');
    writeFileSync(join(root, 'logo.png'), 'PNG');
    const deepest = `${Array(IMPORT_LIMITS.maxFolderDepth).fill('d').join('/')}/deepest.webrole.yml`;
    expect(new Map(readSourceFiles(root))).toEqual(
      new Map([
        ['top.webrole.yml', 'name: Top'],
        [deepest, 'name: Deep'],
      ]),
    );
    mkdirSync(join(folder, 'd'));
    expect(codeOf(() => readSourceFiles(root))).toBe('import_too_deep');
  });

  it('a file in a folder larger than the bound is refused and named', () => {
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    writeFileSync(join(root, 'big.webrole.yml'), 'x'.repeat(IMPORT_LIMITS.maxFileSize + 1));
    expect(() => readSourceFiles(root)).toThrow(/^big\.webrole\.yml is \d+ bytes/);
  });

  it('a path to a file is not a folder and is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    writeFileSync(join(root, 'a.webrole.yml'), 'name: A');
    expect(codeOf(() => readSourceFiles(join(root, 'a.webrole.yml')))).toBe('import_source_unreadable');
  });
});

/** The refusal `run` throws: its code, JSON path, message and cause. */
const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code?: string; path?: unknown; message: string; cause?: unknown };
  }
  return expect.unreachable('expected a refusal');
};

describe('what a refused source says', () => {
  it('each refused files key says why: a NUL character, an absolute path or drive, a ".." segment', () => {
    const reasons: [string, RegExp][] = [
      ['a\0.webrole.yml', /it contains a NUL character/],
      ['/etc/a.webrole.yml', /it is absolute/],
      ['C:/site/a.webrole.yml', /it is absolute/],
      ['c:a.webrole.yml', /it is absolute/],
      ['web/../../a.webrole.yml', /it climbs out of the source with "\.\."/],
    ];
    for (const [key, reason] of reasons) {
      const refusal = refusalOf(() => readSourceFiles({ files: { [key]: 'name: A' } }));
      expect(refusal.code, key).toBe('import_unsafe_path');
      expect(refusal.message, key).toMatch(reason);
      expect(refusal.path, key).toEqual(['files', key]);
    }
  });

  it('a colon inside a file name is no drive letter: the file is read', () => {
    expect([...readSourceFiles({ files: { 'web/a:b.webrole.yml': 'name: A' } }).keys()]).toEqual([
      'web/a:b.webrole.yml',
    ]);
  });

  it('a second key naming the same file is refused at its own path, naming the file', () => {
    const refusal = refusalOf(() =>
      readSourceFiles({ files: { 'a.webrole.yml': 'name: A', './a.webrole.yml': 'name: B' } }),
    );
    expect(refusal.path).toEqual(['files', './a.webrole.yml']);
    expect(refusal.message).toMatch(/names a\.webrole\.yml, which another key names too/);
  });

  it('the file that passes the total bound is named at its path', () => {
    const largest = 'x'.repeat(IMPORT_LIMITS.maxFileSize);
    const files: Record<string, string> = {};
    for (let index = 0; index < IMPORT_LIMITS.maxTotalSize / IMPORT_LIMITS.maxFileSize; index++)
      files[`f${index}.yml`] = largest;
    files['./one-more.yml'] = 'x';
    const refusal = refusalOf(() => readSourceFiles({ files }));
    expect(refusal.code).toBe('import_file_too_large');
    expect(refusal.path).toEqual(['one-more.yml']);
    expect(refusal.message).toMatch(`more than ${IMPORT_LIMITS.maxTotalSize} bytes of records`);
  });

  it('a folder is read in name order, whatever order the file system lists it in', () => {
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    const names = ['k', 'c', 'x', 'a', 'q', 'f', 'm', 'b', 'z', 'h'].map((name) => `${name}.webrole.yml`);
    for (const name of names) writeFileSync(join(root, name), `name: ${name}`);
    expect([...readSourceFiles(root).keys()]).toEqual([...names].sort());
  });

  it('a folder that cannot be read carries the file system’s reason; a file given as the folder has none', () => {
    const missing = refusalOf(() => readSourceFiles(join(tmpdir(), 'no-such-site-folder-here')));
    expect(missing.message).toMatch(/cannot read the folder .*no-such-site-folder-here; pass the folder/);
    expect((missing.cause as { code?: string }).code).toBe('ENOENT');
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    writeFileSync(join(root, 'a.webrole.yml'), 'name: A');
    const file = refusalOf(() => readSourceFiles(join(root, 'a.webrole.yml')));
    expect(file.code).toBe('import_source_unreadable');
    expect(Object.hasOwn(file, 'cause')).toBe(false);
  });

  it('a folder nested past the bound is named at its path', () => {
    const root = mkdtempSync(join(tmpdir(), 'pp-site-'));
    mkdirSync(join(root, ...Array(IMPORT_LIMITS.maxFolderDepth + 1).fill('d')), { recursive: true });
    const refusal = refusalOf(() => readSourceFiles(root));
    const deepest = Array(IMPORT_LIMITS.maxFolderDepth + 1)
      .fill('d')
      .join('/');
    expect(refusal.path).toEqual([deepest]);
    expect(refusal.message).toBe(
      `${deepest} is nested more than ${IMPORT_LIMITS.maxFolderDepth} folders deep`,
    );
  });

  it('files the source inherits are never read, and files that are not an object are refused at files', () => {
    const inherited = Object.create({ files: { 'a.webrole.yml': 'name: A' } }) as {
      files: Record<string, string>;
    };
    expect(refusalOf(() => readSourceFiles(inherited)).code).toBe('import_source_unreadable');
    const notObject = refusalOf(() => readSourceFiles({ files: 'a.webrole.yml' as never }));
    expect(notObject.path).toEqual(['files']);
    expect(notObject.message).toMatch(/source\.files must be an object/);
  });
});
