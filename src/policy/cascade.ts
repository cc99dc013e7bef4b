import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean } from '../base/names.js';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';

/**
 * What sharing a parent row does to the child rows of one relationship, named after Dataverse's
 * `CascadeType` values for the `Share` action of a relationship's cascade configuration: `cascade` shares
 * every child row with the same grantee for the same rights, `noCascade` (the default) shares none.
 */
export const CASCADE_TYPES = ['cascade', 'noCascade'] as const;

/** A relationship's cascade type for sharing. */
export type CascadeType = (typeof CASCADE_TYPES)[number];

/**
 * The cascade configuration of one relationship (Dataverse `CascadeConfiguration`), declared on the child
 * table under `cascade`, keyed by parent table. Only `share` is modelled: cascaded shares are derived from
 * the parent's, so removing the parent's share removes them (Dataverse's `Unshare` cascade) by construction.
 */
export const cascadeConfigurationSchema = z.strictObject({
  /** Whether sharing the parent row shares this table's rows that reference it; `noCascade` by default. */
  share: z.enum(CASCADE_TYPES).optional(),
});

/** A relationship's cascade configuration as written in a policy. */
export type CascadeConfigurationInput = z.input<typeof cascadeConfigurationSchema>;

/** One relationship a cascaded share crosses: from the child, through `field`, to the `table` row whose `key` it holds. */
export interface CascadeStep {
  /** The parent table. */
  readonly table: string;
  /** The child's field holding the parent's key. */
  readonly field: string;
  /** The parent's key field. */
  readonly key: string;
}

/** The parts of a table declaration the cascade rules read (structural, so table.ts can import this file). */
interface TableDefinition {
  readonly name: string;
  readonly key: string;
  readonly shares?: string | undefined;
  readonly parent?: Readonly<Record<string, string>> | undefined;
  readonly cascade?: Readonly<Record<string, CascadeConfigurationInput>> | undefined;
}

/** How many relationships one cascade path may cross: a chain of at most `MAX_PARENT_DEPTH` tables. */
export const MAX_CASCADE_STEPS = MAX_PARENT_DEPTH - 1;

/** How many cascade paths may lead to one table (diamonds multiply them; each path is a rule per privilege). */
export const MAX_CASCADE_PATHS = 32;

/** The parent tables whose shares cascade to `table`'s rows, with the relationship each is reached by. */
export function cascadeEdges(
  table: TableDefinition,
  tables: ReadonlyMap<string, TableDefinition>,
): CascadeStep[] {
  const steps: CascadeStep[] = [];
  const cascade = table.cascade ?? {};
  const parents = table.parent ?? {};
  for (const [parentName, configuration] of Object.entries(cascade)) {
    if (configuration.share !== 'cascade' || !Object.hasOwn(parents, parentName)) continue;
    const parent = tables.get(parentName);
    if (parent === undefined) continue;
    steps.push({ table: parentName, field: parents[parentName]!, key: parent.key });
  }
  return steps;
}

/**
 * Every path of relationships a share of an ancestor reaches `table` by, nearest step first, each ending
 * at a table that declares shares. Call only on a policy `checkCascades` accepted (acyclic, bounded).
 */
export function cascadePaths(
  table: string,
  tables: ReadonlyMap<string, TableDefinition>,
): (readonly CascadeStep[])[] {
  const paths: CascadeStep[][] = [];
  const walk = (name: string, prefix: readonly CascadeStep[]): void => {
    for (const step of cascadeEdges(tables.get(name)!, tables)) {
      const path = [...prefix, step];
      if (tables.get(step.table)!.shares !== undefined) paths.push(path);
      if (path.length < MAX_CASCADE_STEPS && paths.length <= MAX_CASCADE_PATHS) walk(step.table, path);
    }
  };
  walk(table, []);
  return paths;
}

/**
 * Cross-checks of cascade configurations: each names a parent relationship of the table, a cascading
 * parent declares shares, cascades form no cycle, and no table is reached by too many or too long paths.
 */
export function checkCascades(tables: ReadonlyMap<string, TableDefinition>): Issue[] {
  const issues: Issue[] = [];
  for (const table of tables.values()) {
    const parents = Object.keys(table.parent ?? {});
    for (const [parentName, configuration] of Object.entries(table.cascade ?? {})) {
      const path = ['tables', table.name, 'cascade', parentName];
      if (!parents.includes(parentName)) {
        issues.push({
          code: 'unknown_parent_relationship',
          path,
          message: `table "${table.name}" has no relationship to "${parentName}" under "parent" (${didYouMean(parentName, parents)}); declare tables.${table.name}.parent.${parentName} or fix the name`,
        });
        continue;
      }
      const parent = tables.get(parentName);
      if (configuration.share === 'cascade' && parent !== undefined && parent.shares === undefined) {
        issues.push({
          code: 'cascade_without_shares',
          path: [...path, 'share'],
          message: `shares of "${parentName}" cannot cascade to "${table.name}": table "${parentName}" declares no shares field; add tables.${parentName}.shares or set share to "noCascade"`,
        });
      }
    }
  }
  if (issues.length > 0) return issues;
  const cycles = cascadeCycles(tables);
  return cycles.length > 0 ? cycles : cascadeSizes(tables);
}

/** One issue per table on a cycle of cascading relationships (a share would cascade to itself forever). */
function cascadeCycles(tables: ReadonlyMap<string, TableDefinition>): Issue[] {
  const issues: Issue[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  // Iterative depth-first search: a long chain of tables must not overflow the stack.
  for (const start of tables.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number; edges: CascadeStep[] }[] = [];
    const push = (name: string) => {
      state.set(name, 'open');
      stack.push({ name, next: 0, edges: cascadeEdges(tables.get(name)!, tables) });
    };
    push(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        state.set(frame.name, 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(edge.table);
      if (seen === undefined) push(edge.table);
      else if (seen === 'open' && !reported.has(frame.name)) {
        reported.add(frame.name);
        const loop = stack
          .slice(stack.findIndex((entry) => entry.name === edge.table))
          .map((entry) => entry.name);
        issues.push({
          code: 'cascade_cycle',
          path: ['tables', frame.name, 'cascade', edge.table, 'share'],
          message: `shares cascade in a cycle (${[...loop, edge.table].map((name) => `"${name}"`).join(' → ')}); set share to "noCascade" on one of these relationships`,
        });
      }
    }
  }
  return issues;
}

function cascadeSizes(tables: ReadonlyMap<string, TableDefinition>): Issue[] {
  const issues: Issue[] = [];
  for (const table of tables.values()) {
    if (deeper(table.name, tables)) {
      issues.push({
        code: 'cascade_too_deep',
        path: ['tables', table.name, 'cascade'],
        message: `shares cascade to "${table.name}" through more than ${MAX_CASCADE_STEPS} relationships; set share to "noCascade" on one of them`,
      });
    } else if (cascadePaths(table.name, tables).length > MAX_CASCADE_PATHS) {
      issues.push({
        code: 'cascade_too_many_paths',
        path: ['tables', table.name, 'cascade'],
        message: `shares reach "${table.name}" through more than ${MAX_CASCADE_PATHS} cascade paths; set share to "noCascade" on some relationships`,
      });
    }
  }
  return issues;
}

/** Whether some cascade chain from `table` crosses more than `MAX_CASCADE_STEPS` relationships. */
function deeper(table: string, tables: ReadonlyMap<string, TableDefinition>): boolean {
  let frontier = new Set([table]);
  for (let steps = 0; steps <= MAX_CASCADE_STEPS; steps++) {
    const next = new Set<string>();
    for (const name of frontier)
      for (const edge of cascadeEdges(tables.get(name)!, tables)) next.add(edge.table);
    if (next.size === 0) return false;
    frontier = next;
  }
  return true;
}
