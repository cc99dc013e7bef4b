import { ownValue } from '../base/own.js';
import type { Provenance, RecordShareProvenance } from '../base/rule.js';
import type { Policy } from '../policy/policy.js';
import type { GrantDescription } from './grant-describers.js';

/** Who a share that decided names: the user themself or one of their teams. */
export interface ShareGrantee {
  readonly kind: 'user' | 'team';
  readonly id: string;
  /** The team's display name, when the policy gives one. */
  readonly name?: string;
  /** For a default team (SPEC 2.5), the business unit whose users are its members. */
  readonly defaultTeamOf?: string;
}

/** The path a share took to a record: who it names and, for a cascaded share, the related rows it crossed. */
export interface SharePath {
  readonly grantee: ShareGrantee;
  /** The related rows from the record up to the shared one, nearest first; empty for a share of the record. */
  readonly through: readonly { readonly table: string; readonly key: string }[];
}

/**
 * Which share allowed `record`, following a share rule's provenance: the related rows it cascaded through
 * (each embedded in its child, D15) and the first grantee (the user, then their teams in policy order) the
 * shared row names for the privilege. `undefined` when the record does not hold one (the rule did not match).
 */
export function sharePathOf(
  policy: Policy,
  table: string,
  provenance: RecordShareProvenance,
  record: unknown,
): SharePath | undefined {
  const tables = policy.tables as Readonly<Record<string, { readonly shares?: string | undefined }>>;
  const steps = provenance.through ?? [];
  const through: { table: string; key: string }[] = [];
  let row = record;
  let rowTable = table;
  for (const step of steps) {
    row = ownValue(row, step.table);
    const key = ownValue(row, step.key);
    if (typeof key !== 'string') return undefined;
    through.push({ table: step.table, key });
    rowTable = step.table;
  }
  const field = Object.hasOwn(tables, rowTable) ? tables[rowTable]?.shares : undefined;
  const shares = field === undefined ? undefined : ownValue(row, field);
  if (!Array.isArray(shares)) return undefined;
  const named = new Set<string>();
  for (const share of shares) {
    const principal = ownValue(share, 'principal');
    const privileges = ownValue(share, 'privileges');
    if (
      typeof principal === 'string' &&
      Array.isArray(privileges) &&
      privileges.includes(provenance.privilege)
    )
      named.add(principal);
  }
  const id = provenance.grantees.find((grantee) => named.has(grantee));
  if (id === undefined) return undefined;
  return { grantee: granteeOf(policy, id, id === provenance.grantees[0]), through };
}

function granteeOf(policy: Policy, id: string, isUser: boolean): ShareGrantee {
  if (isUser) return { kind: 'user', id };
  const team = policy.teams.find((candidate) => candidate.id === id);
  return {
    kind: 'team',
    id,
    ...(team?.name === undefined ? {} : { name: team.name }),
    ...(team?.isDefault === true ? { defaultTeamOf: team.businessUnitId } : {}),
  };
}

/** The share path in words: `shared with team "Sales" for read through account "A1"`. */
export function phraseSharePath(path: SharePath, privilege: string): string {
  const { grantee } = path;
  const who =
    grantee.kind === 'user'
      ? `user "${grantee.id}"`
      : `team "${grantee.name ?? grantee.id}"${grantee.defaultTeamOf === undefined ? '' : ` (default team of business unit "${grantee.defaultTeamOf}")`}`;
  const through = path.through.map(({ table, key }) => `${table} ${JSON.stringify(key)}`).join(' → ');
  return `shared with ${who} for ${privilege}${through === '' ? '' : ` through ${through}`}`;
}

/**
 * A grant as explained for `record`: a share grant's label names the path that allowed this record
 * (`shared with team "Sales" for read through account "A1"`) and `sharePath` holds it; others unchanged.
 */
export function withSharePath<TGrant extends GrantDescription & { readonly provenance: Provenance }>(
  policy: Policy,
  table: string,
  grant: TGrant,
  record: unknown,
): TGrant & { readonly sharePath?: SharePath } {
  const { provenance } = grant;
  if (provenance.kind !== 'recordShare') return grant;
  const path = sharePathOf(policy, table, provenance, record);
  return path === undefined
    ? grant
    : { ...grant, label: phraseSharePath(path, provenance.privilege), sharePath: path };
}
