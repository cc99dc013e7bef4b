import { page } from '../ability/page-subject.js';
import { PAGE_ACTIONS, PAGE_SUBJECT, type PageAction } from '../policy/page.js';
import type { Policy } from '../policy/policy.js';
import { abilitiesOf, type PrincipalsByLabel } from './abilities.js';
import type { AccessMatrix, AccessMatrixRow } from './access-matrix.js';

/** Which page actions a page matrix checks; both `view` and `change` by default. */
export interface PageAccessMatrixOptions {
  readonly actions?: readonly PageAction[];
}

/**
 * The who-sees-which-page table: one row per page of the policy's tree (labelled by its title when it has
 * one, else its id), one column per principal, each cell what `can(action, page(id))` allows. It is an
 * `AccessMatrix`, so `matrixToMarkdown`, `matrixToCsv` and `matrixToHtml` render it.
 *
 * @example console.log(matrixToMarkdown(pageAccessMatrix(policy, { visitor: { kind: 'anonymous' }, jane })));
 */
export function pageAccessMatrix(
  policy: Policy,
  principals: PrincipalsByLabel,
  options: PageAccessMatrixOptions = {},
): AccessMatrix {
  const actions: PageAction[] = [...new Set<PageAction>(options.actions ?? PAGE_ACTIONS)];
  const { abilities, problems } = abilitiesOf(policy, principals);
  const labels = Object.keys(principals);
  const rows = policy.pages.map((node): AccessMatrixRow => {
    const tagged = page(node.id);
    return {
      record: node.title === undefined || node.title === node.id ? node.id : `${node.title} (${node.id})`,
      table: PAGE_SUBJECT,
      cells: labels.map((principal) => {
        const ability = abilities.get(principal);
        return { principal, allowed: ability ? actions.filter((action) => ability.can(action, tagged)) : [] };
      }),
    };
  });
  return { actions, principals: labels, rows, problems };
}
