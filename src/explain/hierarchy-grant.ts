import type { HierarchyProvenance } from '../base/rule.js';
import type { LeftOutReport, ReachedReport } from '../compile/hierarchy-reports.js';

// The shape of grant-describers' HierarchyDescription, restated: importing it would make the two files a cycle.
interface HierarchyDescription {
  readonly label: string;
  readonly via: string;
}

const levelWords = (levels: number): string =>
  levels === 1 ? 'direct reports' : `reports within ${levels} levels`;

/** A hierarchy grant in words, without a record: which model, how deep, and whether it follows shares. */
export function describeHierarchy({
  model,
  depth,
  securityRole,
  team,
  via,
}: HierarchyProvenance): HierarchyDescription {
  const rows = via === 'share' ? 'rows shared with' : 'rows of';
  return {
    label: `hierarchy security (${model} model) over ${rows} ${levelWords(depth)} and their teams`,
    via: `security role "${securityRole}"${team === undefined ? '' : ` (team "${team}")`}`,
  };
}

const ownField = (record: unknown, field: string): unknown =>
  typeof record === 'object' && record !== null && Object.hasOwn(record, field)
    ? (record as Record<string, unknown>)[field]
    : undefined;

/** The principals a record's shares name for `action`, read from own properties only. */
function sharedWith(record: unknown, field: string, action: string): string[] {
  const shares = ownField(record, field);
  if (!Array.isArray(shares)) return [];
  const principals: string[] = [];
  for (const share of shares) {
    const principal = ownField(share, 'principal');
    const privileges = ownField(share, 'privileges');
    if (typeof principal === 'string' && Array.isArray(privileges) && privileges.includes(action))
      principals.push(principal);
  }
  return principals;
}

/** The first report (shallowest level) the record reaches the manager through, and the team when it is one. */
function pathOf(
  provenance: HierarchyProvenance,
  record: unknown,
  action: string,
  reports: readonly ReachedReport[],
): { report: ReachedReport; team?: string; shared: boolean } | undefined {
  const shared = provenance.via === 'share';
  const named = shared ? sharedWith(record, provenance.field, action) : [ownField(record, provenance.field)];
  for (const report of reports) {
    if (report.level > provenance.depth) continue;
    if (named.includes(report.id)) return { report, shared };
    const teams = shared ? report.teams : report.ownerTeams;
    const team = teams.find((candidate) => named.includes(candidate));
    if (team !== undefined) return { report, team, shared };
  }
  return undefined;
}

/**
 * A hierarchy grant that allowed `record` for `action`, naming the path: `as manager of "dan"` (with the
 * report's level when it is not a direct one), how the row comes with them (owned by their team, shared
 * with them or their team), or the position below for the position model.
 */
export function describeHierarchyFor(
  provenance: HierarchyProvenance,
  record: unknown,
  action: string,
  reports: readonly ReachedReport[],
): HierarchyDescription {
  const general = describeHierarchy(provenance);
  const path = pathOf(provenance, record, action, reports);
  if (path === undefined) return general;
  const { report, team, shared } = path;
  const role = provenance.model === 'manager' ? 'manager' : 'holder of a position above';
  const level = report.level === 1 ? '' : ` (indirect report, ${report.level} levels down)`;
  const how = shared
    ? `, shared for ${action} with ${team === undefined ? 'them' : `their team ${JSON.stringify(team)}`}`
    : team === undefined
      ? ''
      : `, owned by their team ${JSON.stringify(team)}`;
  return { ...general, label: `as ${role} of ${JSON.stringify(report.id)}${level}${how}: ${general.label}` };
}

/**
 * The listed report a denied record belongs to but who gives nothing (disabled, or outside the manager's
 * unit rule), in words: the compiler leaves such a report out rather than refusing the manager.
 */
export function leftOutPhrase(
  leftOut: readonly LeftOutReport[],
  record: unknown,
  ownerField: string | undefined,
): string | undefined {
  if (ownerField === undefined) return undefined;
  const owner = ownField(record, ownerField);
  const report = leftOut.find((candidate) => candidate.id === owner);
  if (report === undefined) return undefined;
  const why =
    report.reason === 'disabled'
      ? 'they are disabled and the policy leaves disabled reports out (hierarchy.includeDisabledReports)'
      : `their business unit ${JSON.stringify(report.businessUnitId)} is neither the manager's unit nor below it within ${report.level} level${report.level === 1 ? '' : 's'} (the manager model's unit rule)`;
  return `report ${JSON.stringify(report.id)} gives nothing through the hierarchy: ${why}`;
}
