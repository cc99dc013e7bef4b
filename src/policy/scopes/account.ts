import { and, type Condition, eq, linked } from '../../base/condition.js';
import { manyToManyRelationship } from '../many-to-many.js';
import type { TableDefinition } from '../table.js';
import { missingAccount, type ScopeDefinition, type ScopeSubject } from './scope.js';

/**
 * Rows whose `field` is the contact's account, in the contact's legal entity when the table declares one
 * (D4); with `manyToMany`, rows linked to the contact's account through that relationship (`field` lists
 * the linked account numbers).
 */
export function ownAccount(
  field: string,
  table: TableDefinition,
  subject: ScopeSubject,
  manyToMany?: string,
): Condition | null {
  const { accountId, legalEntity } = subject;
  if (accountId === undefined) return null;
  const account = manyToMany === undefined ? eq(field, accountId) : linked(field, manyToMany, accountId);
  if (table.legalEntity === undefined) return account;
  // An account is (legal entity, account number): without the contact's legal entity nothing matches (D4).
  return legalEntity === undefined ? null : and([account, eq(table.legalEntity, legalEntity)]);
}

/** Account scope: rows of the contact's own customer account, in the contact's legal entity when declared (D3, D4). */
export const accountScope: ScopeDefinition = {
  missing: ({ table, subject }) => missingAccount(table, subject),
  relationship: ({ table, permission }) => {
    const field = permission.relationship ?? table.account;
    const manyToMany = manyToManyRelationship(table, permission, field, 'account');
    if (manyToMany !== undefined) return manyToMany;
    return field
      ? { field }
      : {
          problem: `table permission "${permission.name}" uses scope "account" but table "${table.name}" declares no account relationship; add one under tables.${table.name}.account, set "relationship" on the permission, or use scope "global"`,
        };
  },
  coverage: ({ table, permission, subject }) =>
    permission.field === undefined
      ? null
      : ownAccount(permission.field, table, subject, permission.manyToMany),
};
