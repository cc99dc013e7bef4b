import { PolicyStoreError } from './store-errors.js';

/** The largest document the store accepts by default: 1 MiB of JSON, far above any real portal's policy. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 1_048_576;

// Below this depth the walk stops: definePolicy refuses documents nested this deep before reading them.
const WALK_DEPTH = 64;

function tooLarge(limit: number, what: string): PolicyStoreError {
  return new PolicyStoreError(
    'policy_document_too_large',
    `the policy document is larger than ${limit} bytes of JSON (${what}); split it, remove unused definitions, or raise maxDocumentBytes when creating the store`,
    { path: [] },
  );
}

/**
 * Refuses a document whose JSON would exceed `limit` bytes, before it is validated, so an oversized
 * document costs at most `limit` steps. Counts own enumerable keys and values (what JSON would write),
 * each string at one byte per UTF-16 unit (the exact UTF-8 size is checked again after validation).
 */
export function refuseOversizedInput(document: unknown, limit: number): void {
  let bytes = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: document, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') bytes += value.length + 2;
    else if (typeof value !== 'object' || value === null) bytes += 5;
    else if (depth < WALK_DEPTH) {
      const keys = Array.isArray(value) ? undefined : Object.keys(value);
      const length = Array.isArray(value) ? value.length : (keys?.length ?? 0);
      bytes += 2 + length;
      if (bytes > limit) throw tooLarge(limit, 'counted before validation');
      for (let index = 0; index < length; index++) {
        const key = keys === undefined ? index : keys[index]!;
        if (keys !== undefined) bytes += String(key).length + 3;
        stack.push({ value: (value as Record<string | number, unknown>)[key], depth: depth + 1 });
      }
    }
    if (bytes > limit) throw tooLarge(limit, 'counted before validation');
  }
}

/** The document's JSON, refused when its UTF-8 form exceeds `limit` bytes or holds what PostgreSQL cannot store. */
export function documentJson(document: unknown, limit: number): string {
  let nul = false;
  const json = JSON.stringify(document, (key, value: unknown) => {
    if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) nul = true;
    return value;
  });
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > limit) throw tooLarge(limit, `${bytes} bytes`);
  // PostgreSQL's jsonb refuses U+0000 in any string: refused here, before anything is written.
  if (nul) {
    throw new PolicyStoreError(
      'unstorable_policy_document',
      'the policy document contains the character U+0000, which PostgreSQL cannot store; remove it',
      { path: [] },
    );
  }
  return json;
}
