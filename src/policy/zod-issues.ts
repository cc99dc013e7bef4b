import type { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';

type ZodIssue = z.core.$ZodIssue;

function hintFor(issue: ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}; remove ${issue.keys.length === 1 ? 'it' : 'them'} or check the spelling`;
    case 'invalid_value':
      return `${guessFor(issue.input, issue.values)}expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}${issue.input === undefined ? ' (this field is required)' : `, got ${describe(issue.input)}`}`;
    default:
      return issue.message;
  }
}

// A misspelt choice names the closest one first (bounded by didYouMean); other inputs only get the list.
function guessFor(input: unknown, values: readonly unknown[]): string {
  if (typeof input !== 'string' || !values.every((value) => typeof value === 'string')) return '';
  const hint = didYouMean(input, values as readonly string[]);
  return hint.startsWith('did you mean') ? `${hint} ` : '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Turns zod's issues into ours: the same JSON path, and a message that says what to do. Parse with
 * `{ reportInput: true }` (`ZOD_PARSE_OPTIONS`): the message tells a wrong type from a missing field, and a
 * misspelt choice from an unknown one, by the input.
 */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  prefix: readonly (string | number)[] = [],
): Issue[] {
  return issues.map((issue) => ({
    code: issue.code === 'custom' ? 'invalid_value' : issue.code,
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: hintFor(issue),
  }));
}

/** The parse options whose issues `fromZodIssues` words best: each issue carries the input it refused. */
export const ZOD_PARSE_OPTIONS = { reportInput: true } as const;
