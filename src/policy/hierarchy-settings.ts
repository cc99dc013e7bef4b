import { z } from 'zod';
import type { Issue } from '../base/errors.js';

/** The two Dataverse hierarchy models: the user's manager chain, or the position tree (SPEC 2.7). */
export const HIERARCHY_MODELS = ['manager', 'position'] as const;

/** A hierarchy model. */
export type HierarchyModel = (typeof HIERARCHY_MODELS)[number];

/** Dataverse's default hierarchy depth: a manager reads rows of reports up to three levels down. */
export const DEFAULT_HIERARCHY_DEPTH = 3;

/**
 * How many levels get write access by default: the direct reports only, as the hierarchy page's access
 * table says (SPEC 2.7 notes the conflicting "three levels" sentence; `writeDepth` settles it per policy).
 */
export const DEFAULT_HIERARCHY_WRITE_DEPTH = 1;

/** The deepest hierarchy a policy may ask for; deeper chains are bounded to keep compiling linear. */
export const MAX_HIERARCHY_DEPTH = 100;

const levels = z.number().int().min(1).max(MAX_HIERARCHY_DEPTH);

/** Hierarchy security (SPEC 2.7): absent from a policy means off, as in Dataverse. */
export const hierarchySchema = z.strictObject({
  /** `manager`: the reports of the user's manager chain; `position`: users in the positions below. */
  model: z.enum(HIERARCHY_MODELS),
  /** Levels below the manager whose rows the manager reads; 3 by default (Dataverse's Depth). */
  depth: levels.optional(),
  /** Levels below the manager whose rows the manager also writes, appends and appends to; 1 by default. */
  writeDepth: levels.optional(),
  /** Dataverse's `AuthorizationEnableHSMForDisabledUsers`: disabled reports still give their rows; off by default. */
  includeDisabledReports: z.boolean().optional(),
});

/** Hierarchy settings as written in a policy. */
export type HierarchyInput = z.input<typeof hierarchySchema>;

/** Hierarchy settings with every default applied. */
export interface HierarchySettings {
  readonly model: HierarchyModel;
  readonly depth: number;
  readonly writeDepth: number;
  readonly includeDisabledReports: boolean;
}

/** Applies the defaults (depth 3, write depth 1, disabled reports left out); `undefined` when the policy leaves hierarchy off. */
export function resolveHierarchy(input: HierarchyInput | undefined): HierarchySettings | undefined {
  if (input === undefined) return undefined;
  return {
    model: input.model,
    depth: input.depth ?? DEFAULT_HIERARCHY_DEPTH,
    writeDepth: input.writeDepth ?? DEFAULT_HIERARCHY_WRITE_DEPTH,
    includeDisabledReports: input.includeDisabledReports === true,
  };
}

/** Cross-checks zod cannot express: write access never reaches deeper than read access. */
export function checkHierarchy(input: HierarchyInput | undefined): Issue[] {
  if (input === undefined) return [];
  const depth = input.depth ?? DEFAULT_HIERARCHY_DEPTH;
  const writeDepth = input.writeDepth ?? DEFAULT_HIERARCHY_WRITE_DEPTH;
  if (writeDepth <= depth) return [];
  return [
    {
      code: 'write_depth_exceeds_depth',
      path: ['hierarchy', 'writeDepth'],
      message: `hierarchy.writeDepth (${writeDepth}) is deeper than hierarchy.depth (${depth}): a manager cannot write rows they cannot read; lower writeDepth or raise depth`,
    },
  ];
}
