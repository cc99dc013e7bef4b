import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** The longest id the portal accepts (contacts, users, orders, invitations, customer accounts). */
export const ID_MAX_LENGTH = 100;

/** The longest name the portal accepts (web roles, security roles, items). */
export const NAME_MAX_LENGTH = 200;

// Letters, digits and a few separators: what the seed, the imports and the order numbers use; nothing a URL,
// a cookie, a CSV cell or an HTML attribute has to escape.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;
// A lone surrogate: a driver's UTF-8 encoding replaces it, so what is stored differs from what was checked.
const LONE_SURROGATE = /\p{Surrogate}/u;
// JSON and form bodies are walked without recursion; deeper nesting than any route reads is refused.
const MAX_DEPTH = 16;

const ID_HINT = `use 1 to ${ID_MAX_LENGTH} letters, digits or . _ @ + - (starting with a letter or digit)`;

/** A value the edge refuses: answered 400 with the field to fix, before any handler runs or writes. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  readonly code = 'invalid_input';
  /** Fastify's error handler answers with this status. */
  readonly statusCode = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** True for text PostgreSQL `text` can hold and every driver encodes losslessly: no U+0000, no lone surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** True for a well-formed id: the only ids the portal stores, looks up or puts in a cookie. */
export function isPortalId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value);
}

/** The zod schema of an id in a request body. */
export const idSchema = z
  .string()
  .max(ID_MAX_LENGTH, `at most ${ID_MAX_LENGTH} characters`)
  .regex(ID_PATTERN, ID_HINT);

/** The zod schema of a name (a role, an item) in a request body: storable text, bounded. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'cannot be empty')
  .max(NAME_MAX_LENGTH, `at most ${NAME_MAX_LENGTH} characters`)
  .refine(isStorableText, 'contains a character that cannot be stored (U+0000 or a lone surrogate)');

/** Throws `InvalidInputError` unless every route parameter is an id (every `:param` of the portal is one). */
export function assertIdParams(params: unknown): void {
  if (typeof params !== 'object' || params === null) return;
  for (const [key, value] of Object.entries(params)) {
    if (!isPortalId(value)) throw new InvalidInputError(key, `not a valid id; ${ID_HINT}`);
  }
}

/**
 * Throws `InvalidInputError` at the first string (value or key) of a parsed body or query that the database
 * could not store as it was checked, or at nesting deeper than any route reads. Iterative, so a deeply nested
 * body costs no stack.
 */
export function assertStorable(value: unknown, root: string): void {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { path, depth } = next;
    if (typeof next.value === 'string') {
      if (!isStorableText(next.value))
        throw new InvalidInputError(
          path || '(body)',
          'contains U+0000 or a lone surrogate, which cannot be stored',
        );
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (depth >= MAX_DEPTH)
      throw new InvalidInputError(path || '(body)', `nested deeper than ${MAX_DEPTH} levels`);
    for (const [key, child] of Object.entries(next.value)) {
      if (!isStorableText(key))
        throw new InvalidInputError(
          path || '(body)',
          'a key contains U+0000 or a lone surrogate, which cannot be stored',
        );
      pending.push({ value: child, path: path === '' ? key : `${path}.${key}`, depth: depth + 1 });
    }
  }
}

/**
 * Checks every request at the edge, before its handler: route parameters are ids, and no string of the body
 * or the query string is one the database cannot store. The answer is 400 naming the field; nothing is read
 * or written. The session cookie is checked where it is read (`contactIdFromCookie`): a bad one is a visitor.
 */
export function registerEdgeValidation(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertIdParams(request.params);
    assertStorable(request.query, 'query');
    assertStorable(request.body, '');
  });
}
