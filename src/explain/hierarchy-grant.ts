import type { HierarchyProvenance } from '../base/rule.js';
import type { Reports } from '../principal/reports-schema.js';

// The shape of grant-describers' HierarchyDescription, restated: importing it would make the two files a cycle.
interface HierarchyDescription {
  readonly label: string;
  readonly via: string;
}

const levelWords = (levels: number): string =>
  levels === 1 ? 'direct reports' : `reports within ${levels} levels`;

/** A hierarchy grant in words, without a record: which model and how deep it reaches. */
export function describeHierarchy({
  model,
  depth,
  securityRole,
  team,
}: HierarchyProvenance): HierarchyDescription {
  return {
    label: `hierarchy security (${model} model) over rows of ${levelWords(depth)}`,
    via: `security role "${securityRole}"${team === undefined ? '' : ` (team "${team}")`}`,
  };
}

/**
 * A hierarchy grant that allowed `record`, naming the path: `as manager of "dan"` (with the report's level
 * when it is not a direct one), or the position below for the position model.
 */
export function describeHierarchyFor(
  provenance: HierarchyProvenance,
  record: unknown,
  reports: Reports | undefined,
): HierarchyDescription {
  const general = describeHierarchy(provenance);
  const owner =
    typeof record === 'object' && record !== null && Object.hasOwn(record, provenance.field)
      ? (record as Record<string, unknown>)[provenance.field]
      : undefined;
  const levels = [reports?.direct ?? [], ...(reports?.indirect ?? [])].slice(0, provenance.depth);
  const level = levels.findIndex((ids) => typeof owner === 'string' && ids.includes(owner));
  if (level < 0) return general;
  const report = JSON.stringify(owner);
  const role = provenance.model === 'manager' ? 'manager' : 'holder of a position above';
  const path = `as ${role} of ${report}${level === 0 ? '' : ` (indirect report, ${level + 1} levels down)`}`;
  return { ...general, label: `${path}: ${general.label}` };
}
