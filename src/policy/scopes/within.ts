import { type Condition, eq } from '../../base/condition.js';
import type { Issue } from '../../base/errors.js';
import { didYouMean } from '../../base/names.js';
import { manyToManyNamed } from '../many-to-many.js';
import type { TableDefinition } from '../table.js';
import { WITHIN_BOUNDS, type WithinBound } from '../within-bounds.js';
import { ownAccount } from './account.js';
import type { ScopeSubject } from './scope.js';

/*
 * A bound on a contact scope (`within` on a table permission): the row must also belong to the contact's
 * own company. A contact scope reads a link (a contact field, or an intersect row of a many-to-many
 * relationship) that someone else may have written: listing a contact as a follower of another company's
 * order would otherwise hand them that order. With `within`, the policy itself keeps every such row out,
 * whatever the database holds (docs/decisions.md, D20).
 */

/**
 * The rows inside the contact's own company under `within`, or `null` when the contact lacks what the bound
 * compares (no account, no legal entity): an absent value never matches an absent one (D2, RELIABILITY 3).
 */
export function withinCoverage(
  table: TableDefinition,
  within: WithinBound,
  subject: ScopeSubject,
): Condition | null {
  if (within === 'legalEntity') {
    return table.legalEntity === undefined || subject.legalEntity === undefined
      ? null
      : eq(table.legalEntity, subject.legalEntity);
  }
  if (table.account === undefined) return null;
  // The table's account relationship may itself be many-to-many: the row must then be linked to the account.
  const accountLink = manyToManyNamed(table, table.account);
  return accountLink
    ? ownAccount(accountLink.field, table, subject, table.account)
    : ownAccount(table.account, table, subject);
}

/**
 * The refusal of a `within` that bounds nothing: on a scope other than contact, or naming a field the table
 * does not declare. A bound that silently compared nothing would leave the scope as open as without it.
 */
export function withinIssue(
  table: TableDefinition,
  permission: { readonly name: string; readonly scope: string; readonly within?: WithinBound | undefined },
  path: readonly (string | number)[],
): Issue | undefined {
  const { within } = permission;
  if (within === undefined) return undefined;
  if (permission.scope !== 'contact') {
    const already =
      permission.scope === 'account'
        ? ' (an account scope is already bounded by the account)'
        : permission.scope === 'parent'
          ? ' (a child permission is bounded by its parent: set "within" on the parent permission)'
          : '';
    return {
      code: 'unexpected_within',
      path: [...path],
      message: `table permission "${permission.name}" sets "within" but uses scope "${permission.scope}"; "within" bounds a contact scope${already}: remove "within", or use scope "contact"`,
    };
  }
  if (table[within] !== undefined) return undefined;
  const other = WITHIN_BOUNDS.find((bound) => bound !== within && table[bound] !== undefined);
  const hint =
    other !== undefined
      ? `did you mean within: "${other}"?`
      : table.fields !== undefined && table.fields.length > 0
        ? `among its fields, ${didYouMean(within, table.fields)}`
        : `tables.${table.name} declares neither "account" nor "legalEntity"`;
  return {
    code: 'missing_bound',
    path: [...path],
    message: `table permission "${permission.name}" is bounded within the contact's ${within === 'account' ? 'account' : 'legal entity'} but table "${table.name}" declares no ${within} field to compare (${hint}); declare the field holding a row's ${within === 'account' ? 'customer account' : 'legal entity'} under tables.${table.name}.${within}, or change "within"`,
  };
}
