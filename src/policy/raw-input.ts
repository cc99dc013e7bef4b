import type { Issue, JsonPath } from '../base/errors.js';
import { FORBIDDEN_KEYS } from '../base/names.js';

/**
 * How deeply raw input (a policy, a principals or records file) may nest. A valid policy nests about six
 * levels; the bound stops a hostile document before a recursive parser overflows the stack on it.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Walks raw input before any parser copies it, without recursion: reports keys that could reach
 * `Object.prototype` (a parser would silently drop a `__proto__` key) and the first value nested deeper
 * than `MAX_INPUT_DEPTH`, below which nothing is inspected. Each object is visited once, so shared or
 * cyclic references cost linear time.
 */
export function inspectRawInput(value: unknown, root: JsonPath = []): Issue[] {
  const issues: Issue[] = [];
  const seen = new WeakSet<object>();
  let tooDeep = false;
  // Entries link to their parent instead of copying paths: a path is built only for a reported issue.
  const stack: Entry[] = [{ value, key: undefined, parent: undefined, depth: 0, reserved: false }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.reserved) {
      issues.push({
        code: 'reserved_key',
        path: pathOf(entry, root),
        message: `key "${String(entry.key)}" is reserved (it could reach Object.prototype); rename it`,
      });
      continue;
    }
    const current = entry.value;
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (entry.depth >= MAX_INPUT_DEPTH) {
      if (!tooDeep) {
        issues.push({
          code: 'too_deep',
          path: pathOf(entry, root),
          message: `the input nests deeper than ${MAX_INPUT_DEPTH} levels here; no valid input does, so remove the nesting`,
        });
      }
      tooDeep = true;
      continue;
    }
    const depth = entry.depth + 1;
    // Pushed last to first so issues come out in document order.
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], key: index, parent: entry, depth, reserved: false });
      }
    } else {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index]!;
        const child = (current as Record<string, unknown>)[key];
        stack.push({ value: child, key, parent: entry, depth, reserved: FORBIDDEN_KEYS.has(key) });
      }
    }
  }
  return issues;
}

interface Entry {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Entry | undefined;
  readonly depth: number;
  readonly reserved: boolean;
}

function pathOf(entry: Entry, root: JsonPath): JsonPath {
  const keys: (string | number)[] = [];
  for (let at: Entry | undefined = entry; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return [...root, ...keys.reverse()];
}
