import type { Condition } from '../../base/condition.js';

/**
 * Rules OR'ed for one (action, table) pair often compare the same field with several values: a business
 * unit's subtree (`in`) and the units of the user's teams (`eq` each). Merged into one `in`, a record pays
 * one set lookup instead of one per rule; the answer is the same (`eq` and `in` both require the record's
 * own string value, and a set finds a string exactly when `===` would).
 */

// Unions are cached so that abilities compiled for one principal each (no template) share them, and with
// them the set `setOf` builds once per list: the subtree they extend is shared by every ability of a policy.
const unions = new WeakMap<readonly string[], Map<string, readonly string[]>>();
const eqUnions = new Map<string, readonly string[]>();
const MAX_UNIONS = 256;

function unionOf(base: readonly string[] | undefined, extra: readonly string[]): readonly string[] {
  const key = JSON.stringify(extra);
  let cache = base === undefined ? eqUnions : unions.get(base);
  if (cache === undefined) {
    cache = new Map();
    unions.set(base!, cache);
  }
  let union = cache.get(key);
  if (union === undefined) {
    union = Object.freeze([...new Set([...(base ?? []), ...extra])]);
    if (cache.size >= MAX_UNIONS) cache.clear();
    cache.set(key, union);
  }
  return union;
}

/**
 * `conditions` (OR'ed) with the `eq` leaves on one field merged into that field's first `in` leaf, or into a
 * new `in` leaf when there are two or more and no `in`. Leaves holding a value `mergeable` refuses are kept
 * as they are (a template's placeholders: a set holding one is rebuilt for every ability).
 */
export function mergeLeaves(
  conditions: readonly Condition[],
  mergeable?: (value: string) => boolean,
): readonly Condition[] {
  const groups = new Map<string, { base: number; values: string[]; members: number[] }>();
  // A subtree holds thousands of units: an `in` leaf is scanned only when some values are kept apart.
  conditions.forEach((condition, position) => {
    if (condition.operator === 'eq' && (mergeable === undefined || mergeable(condition.value))) {
      let group = groups.get(condition.field);
      if (!group) {
        group = { base: -1, values: [], members: [] };
        groups.set(condition.field, group);
      }
      group.values.push(condition.value);
      group.members.push(position);
    } else if (condition.operator === 'in' && (mergeable === undefined || condition.value.every(mergeable))) {
      let group = groups.get(condition.field);
      if (!group) {
        group = { base: -1, values: [], members: [] };
        groups.set(condition.field, group);
      }
      if (group.base === -1) group.base = position;
    }
  });
  const replaced = new Map<number, Condition | undefined>();
  for (const [field, group] of groups) {
    const { base, values, members } = group;
    if (values.length === 0 || (base === -1 && values.length < 2)) continue;
    const list = base === -1 ? undefined : (conditions[base] as Extract<Condition, { operator: 'in' }>).value;
    const merged: Condition = { operator: 'in', field, value: unionOf(list, values) };
    const at = base === -1 ? members[0]! : Math.min(base, members[0]!);
    for (const member of members) replaced.set(member, undefined);
    if (base !== -1) replaced.set(base, undefined);
    replaced.set(at, merged);
  }
  if (replaced.size === 0) return conditions;
  const result: Condition[] = [];
  conditions.forEach((condition, position) => {
    if (!replaced.has(position)) result.push(condition);
    else if (replaced.get(position) !== undefined) result.push(replaced.get(position)!);
  });
  return result;
}
