import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abilityFor, isPortalPermissionsError, type Policy } from '../../src/index.js';
import { customerPortalInput, people } from '../fixtures/customer-portal.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

// Converted on sibling branches (h-accounts: the lifecycle clock and random source; h-principal: attach and
// the ability cache); empty this list once they are merged.

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(directory, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(directory, entry.name)]
        : [],
  );
}

describe('every error the library throws is a PortalPermissionsError with a code', () => {
  it('no source file throws a bare Error, TypeError, RangeError or SyntaxError', () => {
    const offenders = sourceFiles(SRC).flatMap((file) => {
      const name = relative(SRC, file).split('\\').join('/');
      return readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          /throw new (Error|TypeError|RangeError|SyntaxError|ReferenceError)\(/.test(line)
            ? [`${name}:${index + 1}`]
            : [],
        );
    });
    expect(offenders).toEqual([]);
  });

  it('a plain policy document passed where a defined policy belongs is refused with a library error', () => {
    let error: unknown;
    try {
      abilityFor(customerPortalInput as unknown as Policy, people.jane as never);
    } catch (caught) {
      error = caught;
    }
    expect(isPortalPermissionsError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('undefined_policy');
  });
});
