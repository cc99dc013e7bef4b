import { detectSubjectType } from '@casl/ability';
import type { Action } from '../ability/portal-subject.js';
import type { TaggedRecord } from '../ability/subject.js';
import type { Policy } from '../policy/policy.js';
import { abilitiesOf, type PrincipalProblem, type PrincipalsByLabel } from './abilities.js';
import { type CellColumns, cellColumns } from './matrix-columns.js';

/** Records by the label a review shows for them, each tagged with its table by `subject()`. */
export type RecordsByLabel = Readonly<Record<string, TaggedRecord>>;

/** Which actions a matrix checks; `read` by default. */
export interface AccessMatrixOptions {
  readonly actions?: readonly Action[];
  /** Also list, per allowed read/create/write, the columns each principal may use (column security). */
  readonly columns?: boolean;
}

/** What one principal may do to one record. */
export interface AccessMatrixCell {
  readonly principal: string;
  /** The checked actions `can` allows, in the order of `matrix.actions`. */
  readonly allowed: readonly Action[];
  /** With `{ columns: true }`: the permitted columns per allowed read, create and write. */
  readonly columns?: CellColumns;
}

/** One record and what every principal may do to it. */
export interface AccessMatrixRow {
  readonly record: string;
  readonly table: string;
  /** One cell per principal, in the order of `matrix.principals`. */
  readonly cells: readonly AccessMatrixCell[];
}

/** The who-sees-what table: one row per record, one column per principal. */
export interface AccessMatrix {
  readonly actions: readonly Action[];
  readonly principals: readonly string[];
  readonly rows: readonly AccessMatrixRow[];
  /** Principals the policy refused; their cells allow nothing. */
  readonly problems: readonly PrincipalProblem[];
}

/**
 * Decides every (principal, record, action) with `ability.can`: the who-sees-what table a reviewer or an
 * auditor reads. A principal the policy refuses (unknown web role…) is listed in `problems` with no access.
 *
 * @example
 * const matrix = accessMatrix(policy, { jane, sam }, { 'SO-1': subject('salesorder', order) }, { actions: ['read'] });
 * console.log(matrixToMarkdown(matrix));
 */
export function accessMatrix(
  policy: Policy,
  principals: PrincipalsByLabel,
  records: RecordsByLabel,
  options: AccessMatrixOptions = {},
): AccessMatrix {
  const actions: Action[] = [...new Set<Action>(options.actions ?? ['read'])];
  const { abilities, problems } = abilitiesOf(policy, principals);
  const labels = Object.keys(principals);
  const rows = Object.entries(records).map(
    ([record, tagged]): AccessMatrixRow => ({
      record,
      table: detectSubjectType(tagged),
      cells: labels.map((principal) => {
        const ability = abilities.get(principal);
        const allowed = ability ? actions.filter((action) => ability.can(action, tagged)) : [];
        if (options.columns !== true) return { principal, allowed };
        const table = detectSubjectType(tagged);
        return { principal, allowed, columns: ability ? cellColumns(ability, allowed, table, tagged) : {} };
      }),
    }),
  );
  return { actions, principals: labels, rows, problems };
}

/** A cell for people: ✔ / ✘ when one action is checked, else the allowed actions (or ✘ for none). */
export function cellText(matrix: Pick<AccessMatrix, 'actions'>, cell: AccessMatrixCell): string {
  if (matrix.actions.length === 1) return cell.allowed.length === 1 ? '✔' : '✘';
  return cell.allowed.length === 0 ? '✘' : cell.allowed.join(', ');
}
