import type { Issue, JsonPath } from '../errors.js';
import { FORBIDDEN_KEYS } from './names.js';

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
  const stack: { value: unknown; path: JsonPath }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (path.length - root.length >= MAX_INPUT_DEPTH) {
      if (!tooDeep) {
        issues.push({
          code: 'too_deep',
          path,
          message: `the input nests deeper than ${MAX_INPUT_DEPTH} levels here; no valid input does, so remove the nesting`,
        });
      }
      tooDeep = true;
      continue;
    }
    const children: { value: unknown; path: JsonPath }[] = [];
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        children.push({ value: current[index], path: [...path, index] });
      }
    } else {
      for (const key of Object.keys(current)) {
        if (FORBIDDEN_KEYS.has(key)) {
          issues.push({
            code: 'reserved_key',
            path: [...path, key],
            message: `key "${key}" is reserved (it could reach Object.prototype); rename it`,
          });
        } else children.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
    // Pushed in reverse so issues come out in document order.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return issues;
}
