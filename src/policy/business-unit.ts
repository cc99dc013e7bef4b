import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, nameSchema } from '../base/names.js';
import { describeLoop, parentCycles } from '../base/parent-cycles.js';

/** A business unit: a node of the organization's tree; users, teams and rows belong to one. */
export const businessUnitSchema = z.strictObject({
  id: nameSchema,
  /** The parent unit; exactly one unit (the root) has none. */
  parent: nameSchema.optional(),
  name: z.string().optional(),
});

/** A business unit as written in a policy. */
export type BusinessUnitInput = z.input<typeof businessUnitSchema>;
/** A validated business unit. */
export type BusinessUnit = Readonly<z.output<typeof businessUnitSchema>>;

const at = (index: number, ...rest: (string | number)[]) => ['businessUnits', index, ...rest];

/** How many units of a business-unit cycle its issue names; the rest are counted. */
const MAX_CYCLE_UNITS_SHOWN = 10;

/** Cross-checks of business units: unique ids, known parents, one root, no cycle. */
export function checkBusinessUnits(units: readonly BusinessUnit[]): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map<string, BusinessUnit>();
  units.forEach((unit, index) => {
    if (byId.has(unit.id)) {
      issues.push({
        code: 'duplicate_business_unit',
        path: at(index, 'id'),
        message: `business unit "${unit.id}" is defined twice; give each business unit a unique id`,
      });
    } else byId.set(unit.id, unit);
  });
  const unitIds = [...byId.keys()];
  const roots: number[] = [];
  units.forEach((unit, index) => {
    if (unit.parent === undefined) roots.push(index);
    else if (!byId.has(unit.parent)) {
      issues.push({
        code: 'unknown_business_unit',
        path: at(index, 'parent'),
        message: `parent business unit "${unit.parent}" is not defined under "businessUnits" (${didYouMean(unit.parent, unitIds)})`,
      });
    }
  });
  // One issue per cycle, of bounded size (describeLoop).
  for (const { loop, firstIndex } of parentCycles(units, byId)) {
    issues.push({
      code: 'business_unit_cycle',
      path: at(firstIndex, 'parent'),
      message: `business units ${describeLoop(loop, MAX_CYCLE_UNITS_SHOWN, 'units')} form a cycle; a unit cannot be its own ancestor, so change one of their parents`,
    });
  }
  for (const index of roots.slice(1)) {
    issues.push({
      code: 'multiple_root_business_units',
      path: at(index, 'parent'),
      message: `business unit "${units[index]!.id}" has no parent but "${units[roots[0]!]!.id}" is already the root; set a parent`,
    });
  }
  return issues;
}

/**
 * A function giving each unit's subtree (the unit and all units below it). Built once per policy; each
 * subtree is computed on first use and kept, so a degenerate chain never costs quadratic memory up front.
 * The arrays are frozen and shared by every ability, so condition matchers cache one set per subtree.
 */
export function businessUnitSubtrees(
  units: readonly BusinessUnit[],
): (businessUnit: string) => readonly string[] {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parent === undefined) continue;
    const list = children.get(unit.parent) ?? [];
    list.push(unit.id);
    children.set(unit.parent, list);
  }
  const subtrees = new Map<string, readonly string[]>();
  return (id) => {
    const known = subtrees.get(id);
    if (known) return known;
    const ids = [id];
    // Iterative walk: a deep tree must not overflow the stack.
    for (let position = 0; position < ids.length; position++) {
      for (const child of children.get(ids[position]!) ?? []) ids.push(child);
    }
    const frozen = Object.freeze(ids);
    subtrees.set(id, frozen);
    return frozen;
  };
}
