import { PortalPermissionsError } from '../base/errors.js';

/** The codes an import can fail with, each a refusal of hostile or unusable input (docs/guide/import.md). */
export const IMPORT_ERROR_CODES = [
  'import_unsafe_path',
  'import_file_too_large',
  'import_too_many_files',
  'import_too_deep',
  'import_yaml_aliases',
  'import_unparsable_file',
  'import_source_unreadable',
  'import_nothing_found',
  'import_unresolved_relationship',
  'import_invalid_options',
  'import_unsupported_record',
  'import_invalid_policy',
] as const;

/** Why an import refused its input. */
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/**
 * Thrown when a site or solution cannot be imported at all: a file that climbs out of the source, is too big,
 * too deep or unparsable, or (with `strict`) a record that cannot be mapped. The path starts with the file.
 */
export class ImportError extends PortalPermissionsError {
  override readonly name: string = 'ImportError';
  declare readonly code: ImportErrorCode;

  constructor(
    code: ImportErrorCode,
    message: string,
    options: { path?: (string | number)[]; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** True when `value` is an `ImportError`, across realms. */
export function isImportError(value: unknown): value is ImportError {
  return (
    value instanceof ImportError ||
    (value instanceof Error &&
      value.name === 'ImportError' &&
      (IMPORT_ERROR_CODES as readonly unknown[]).includes((value as { code?: unknown }).code))
  );
}
