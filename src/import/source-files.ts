import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportError } from './import-error.js';
import { IMPORT_LIMITS } from './limits.js';

/** What an import reads: a folder on disk, or the files themselves by path relative to the source's root. */
export type ImportSource = string | { readonly files: Readonly<Record<string, string>> };

/** The files of a source, by normalized relative path (`/` separators, no `.` or `..` segments). */
export type SourceFiles = ReadonlyMap<string, string>;

/** Only these files are ever read: the records are YAML, XML or JSON; web files and code are not. */
const READ_EXTENSIONS = /\.(ya?ml|xml|json)$/i;

/** The normalized form of a relative path, or the reason it may not be used (absolute, climbing, empty). */
function normalizePath(key: string): string | { readonly problem: string } {
  if (key.includes('\0')) return { problem: 'it contains a NUL character' };
  const slashed = key.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { problem: 'it is absolute' };
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { problem: 'it climbs out of the source with ".."' };
  if (segments.length === 0) return { problem: 'it names no file' };
  return segments.join('/');
}

function sizeCheck(path: string, size: number, total: number): void {
  if (size > IMPORT_LIMITS.maxFileSize) {
    throw new ImportError(
      'import_file_too_large',
      `${path} is ${size} bytes; files larger than ${IMPORT_LIMITS.maxFileSize} bytes are refused, so remove it from the source`,
      { path: [path] },
    );
  }
  if (total > IMPORT_LIMITS.maxTotalSize) {
    throw new ImportError(
      'import_file_too_large',
      `the source holds more than ${IMPORT_LIMITS.maxTotalSize} bytes of records; import the site folder only`,
      { path: [path] },
    );
  }
}

function countCheck(count: number): void {
  if (count > IMPORT_LIMITS.maxFiles) {
    throw new ImportError(
      'import_too_many_files',
      `the source holds more than ${IMPORT_LIMITS.maxFiles} record files; import the site folder only`,
    );
  }
}

/** The record files of `{ files }`: own string values only, every key checked before anything is parsed. */
function filesOfObject(files: Readonly<Record<string, string>>): Map<string, string> {
  const result = new Map<string, string>();
  let total = 0;
  for (const key of Object.keys(files)) {
    const path = normalizePath(key);
    if (typeof path !== 'string') {
      throw new ImportError(
        'import_unsafe_path',
        `files key "${key}" is refused: ${path.problem}; use a path relative to the site folder`,
        {
          path: ['files', key],
        },
      );
    }
    const text = files[key];
    if (typeof text !== 'string') {
      throw new ImportError(
        'import_unparsable_file',
        `files["${key}"] is not text; pass each file's content as a string`,
        {
          path: ['files', key],
        },
      );
    }
    if (!READ_EXTENSIONS.test(path)) continue;
    if (result.has(path)) {
      throw new ImportError(
        'import_unsafe_path',
        `files key "${key}" names ${path}, which another key names too; pass each file once`,
        { path: ['files', key] },
      );
    }
    total += text.length;
    sizeCheck(path, text.length, total);
    result.set(path, text);
    countCheck(result.size);
  }
  return result;
}

/** The record files below `root`, read without following symbolic links, so nothing outside is reached. */
function filesOfFolder(root: string): Map<string, string> {
  const result = new Map<string, string>();
  let total = 0;
  const pending: { readonly folder: string; readonly relative: string; readonly depth: number }[] = [
    { folder: root, relative: '', depth: 0 },
  ];
  let isFolder = false;
  let cause: unknown;
  try {
    isFolder = lstatSync(root).isDirectory();
  } catch (error) {
    cause = error;
  }
  if (!isFolder) {
    throw new ImportError(
      'import_source_unreadable',
      `cannot read the folder ${root}; pass the folder of a site download or an unpacked solution`,
      cause === undefined ? {} : { cause },
    );
  }
  while (pending.length > 0) {
    const { folder, relative, depth } = pending.pop()!;
    if (depth > IMPORT_LIMITS.maxFolderDepth) {
      throw new ImportError(
        'import_too_deep',
        `${relative} is nested more than ${IMPORT_LIMITS.maxFolderDepth} folders deep`,
        {
          path: [relative],
        },
      );
    }
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // Symbolic links are skipped: following one could read any file of the machine.
      if (entry.isDirectory())
        pending.push({ folder: join(folder, entry.name), relative: path, depth: depth + 1 });
      else if (entry.isFile() && READ_EXTENSIONS.test(entry.name)) {
        const full = join(folder, entry.name);
        const size = lstatSync(full).size;
        total += size;
        sizeCheck(path, size, total);
        result.set(path, readFileSync(full, 'utf8'));
        countCheck(result.size);
      }
    }
  }
  return result;
}

/** The record files of a source, bounded in number and size, with paths that never leave the source. */
export function readSourceFiles(source: ImportSource): SourceFiles {
  if (typeof source === 'string') return filesOfFolder(source);
  if (typeof source !== 'object' || source === null || !Object.hasOwn(source, 'files')) {
    throw new ImportError(
      'import_source_unreadable',
      'pass a folder path or { files: { "<relative path>": "<text>" } }',
    );
  }
  const files = source.files;
  if (typeof files !== 'object' || files === null) {
    throw new ImportError(
      'import_source_unreadable',
      'source.files must be an object of relative paths to file texts',
      {
        path: ['files'],
      },
    );
  }
  return filesOfObject(files);
}
