import { describe, expect, it } from 'vitest';
import { IMPORT_ERROR_CODES, ImportError, isImportError } from '../../src/import/import-error.js';

describe('import errors', () => {
  it('carry their code, the path starting with the file, and the cause', () => {
    const cause = new Error('parser');
    const error = new ImportError('import_too_deep', 'a.yml nests too deep', { path: ['a.yml'], cause });
    expect(error).toMatchObject({ name: 'ImportError', code: 'import_too_deep', path: ['a.yml'], cause });
    expect(error.message).toBe('a.yml nests too deep');
    expect(new ImportError('import_nothing_found', 'nothing').path).toEqual([]);
  });

  it('are recognised across realms by name and a known code, and nothing else is', () => {
    expect(isImportError(new ImportError('import_unsafe_path', 'x'))).toBe(true);
    for (const code of IMPORT_ERROR_CODES)
      expect(isImportError(Object.assign(new Error('x'), { name: 'ImportError', code })), code).toBe(true);
    expect(isImportError(Object.assign(new Error('x'), { name: 'ImportError', code: 'too_deep' }))).toBe(
      false,
    );
    expect(isImportError(Object.assign(new Error('x'), { name: 'ImportError' }))).toBe(false);
    expect(isImportError(Object.assign(new Error('x'), { name: 'TypeError', code: 'import_too_deep' }))).toBe(
      false,
    );
    expect(isImportError({ name: 'ImportError', code: 'import_too_deep' })).toBe(false);
  });
});
