/** The bounds every import keeps, so that a hostile download costs at most this much time and memory. */
export const IMPORT_LIMITS = {
  /** Files read from one source (a site download or an unpacked solution). */
  maxFiles: 50_000,
  /** Bytes (UTF-16 code units for `{ files }`) of one file. */
  maxFileSize: 4 * 1024 * 1024,
  /** Bytes of all files together. */
  maxTotalSize: 256 * 1024 * 1024,
  /** Nesting of mappings, lists and XML elements in one file. */
  maxDepth: 64,
  /** YAML aliases in one file: a few are normal, thousands are an expansion bomb. */
  maxAliasCount: 100,
  /** Folder nesting below the source folder. */
  maxFolderDepth: 32,
} as const;
