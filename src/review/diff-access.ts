import type { Action } from '../ability/portal-subject.js';
import { TABLE_PERMISSION_PRIVILEGES } from '../base/privilege.js';
import type { Policy } from '../policy/policy.js';
import type { PrincipalProblem, PrincipalsByLabel } from './abilities.js';
import { type AccessMatrix, accessMatrix, type RecordsByLabel } from './access-matrix.js';
import { escapeMarkdown } from './escape-markdown.js';
import { columnKeys } from './matrix-columns.js';

/**
 * One side of a comparison: a policy, or a policy with principals that replace (by label) or add to the
 * shared ones, e.g. Jane with one more web role.
 */
export type AccessSide = Policy | { readonly policy: Policy; readonly principals?: PrincipalsByLabel };

/** One (record, action) whose decision flips for a principal. */
export interface AccessChange {
  readonly record: string;
  readonly table: string;
  readonly action: Action;
  /** Set for a column change: the row decision is the same on both sides, this column's flips. */
  readonly field?: string;
}

/** What a change does to one principal: what they gain and what they lose. */
export interface PrincipalAccessChanges {
  readonly principal: string;
  readonly widened: readonly AccessChange[];
  readonly narrowed: readonly AccessChange[];
}

/** Every decision a change flips, grouped by principal (principals whose access is unchanged are left out). */
export interface AccessDiff {
  readonly actions: readonly Action[];
  readonly changes: readonly PrincipalAccessChanges[];
  /** Principals a side's policy refused (they have no access on that side). */
  readonly problems: readonly (PrincipalProblem & { readonly side: 'before' | 'after' })[];
}

/** Which actions a diff checks; every table-permission privilege by default. */
export interface DiffAccessOptions {
  readonly actions?: readonly Action[];
  /** Report column changes on rows allowed on both sides (column security); on by default. */
  readonly columns?: boolean;
}

// Own property only: a polluted Object.prototype.policy must not turn a policy into a `{ policy, principals }` side.
const isPolicySide = (side: AccessSide): side is Policy => !Object.hasOwn(side, 'policy');

function matrixOf(
  side: AccessSide,
  principals: PrincipalsByLabel,
  records: RecordsByLabel,
  actions: readonly Action[],
  columns: boolean,
) {
  const policy = isPolicySide(side) ? side : side.policy;
  const own = isPolicySide(side) ? {} : (side.principals ?? {});
  return accessMatrix(policy, { ...principals, ...own }, records, { actions, columns });
}

function allowedBy(matrix: AccessMatrix): Map<string, ReadonlySet<string>> {
  const allowed = new Map<string, Set<string>>();
  for (const row of matrix.rows) {
    for (const cell of row.cells) {
      const set = allowed.get(cell.principal) ?? new Set();
      for (const action of cell.allowed) set.add(`${row.record}\u0000${action}`);
      for (const key of columnKeys(row.record, cell.columns)) set.add(key);
      allowed.set(cell.principal, set);
    }
  }
  return allowed;
}

/**
 * Compares two policies (or principal assignments) over the same records: every (principal, record,
 * action) whose decision flips, grouped by principal as widened (newly allowed) or narrowed (no longer).
 *
 * @example
 * const diff = diffAccess(policy, { policy, principals: { jane: { ...jane, webRoles: [...jane.webRoles, 'Customer representative'] } } },
 *   people, records, { actions: ['read'] });
 */
export function diffAccess(
  before: AccessSide,
  after: AccessSide,
  principals: PrincipalsByLabel,
  records: RecordsByLabel,
  options: DiffAccessOptions = {},
): AccessDiff {
  const actions = [...new Set<Action>(options.actions ?? TABLE_PERMISSION_PRIVILEGES)];
  const columns = options.columns !== false;
  const old = matrixOf(before, principals, records, actions, columns);
  const next = matrixOf(after, principals, records, actions, columns);
  const oldAllowed = allowedBy(old);
  const nextAllowed = allowedBy(next);
  const labels = [...new Set([...old.principals, ...next.principals])];
  const changes = labels.flatMap((principal): PrincipalAccessChanges[] => {
    const was = oldAllowed.get(principal) ?? new Set();
    const is = nextAllowed.get(principal) ?? new Set();
    const widened: AccessChange[] = [];
    const narrowed: AccessChange[] = [];
    for (const row of next.rows) {
      for (const action of actions) {
        const key = `${row.record}\u0000${action}`;
        if (is.has(key) && !was.has(key)) widened.push({ record: row.record, table: row.table, action });
        if (was.has(key) && !is.has(key)) narrowed.push({ record: row.record, table: row.table, action });
        // Column flips only on rows allowed on both sides: a row change already says it all.
        if (!(was.has(key) && is.has(key))) continue;
        const fieldsOf = (set: ReadonlySet<string>) =>
          [...set]
            .filter((entry) => entry.startsWith(`${key}\u0000`))
            .map((entry) => entry.slice(key.length + 1));
        const wasFields = new Set(fieldsOf(was));
        const isFields = new Set(fieldsOf(is));
        for (const field of isFields) {
          if (!wasFields.has(field)) widened.push({ record: row.record, table: row.table, action, field });
        }
        for (const field of wasFields) {
          if (!isFields.has(field)) narrowed.push({ record: row.record, table: row.table, action, field });
        }
      }
    }
    return widened.length + narrowed.length === 0 ? [] : [{ principal, widened, narrowed }];
  });
  return {
    actions,
    changes,
    problems: [
      ...old.problems.map((problem) => ({ ...problem, side: 'before' as const })),
      ...next.problems.map((problem) => ({ ...problem, side: 'after' as const })),
    ],
  };
}

function phraseChange(change: AccessChange): string {
  const column = change.field === undefined ? '' : ` column ${escapeMarkdown(change.field)} of`;
  return `${change.action}${column} ${escapeMarkdown(change.record)} (${change.table})`;
}

/** Renders a diff for people: one Markdown section per principal, widened then narrowed. */
export function accessDiffToMarkdown(diff: AccessDiff): string {
  if (diff.changes.length === 0)
    return `No decision changes (actions checked: ${diff.actions.join(', ')}).\n`;
  const sections = diff.changes.map(({ principal, widened, narrowed }) => {
    const items = [
      ...widened.map((change) => `- widened: ${phraseChange(change)}`),
      ...narrowed.map((change) => `- narrowed: ${phraseChange(change)}`),
    ];
    return `## ${escapeMarkdown(principal)}\n\n${items.join('\n')}\n`;
  });
  return sections.join('\n');
}
