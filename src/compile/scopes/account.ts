import { and, eq } from '../condition.js';
import type { ScopeDefinition } from './scope.js';

/** Account scope: rows of the contact's own customer account, in the contact's legal entity when declared (D3, D4). */
export const accountScope: ScopeDefinition = {
  relationship: ({ table, permission }) => {
    const field = permission.relationship ?? table.account;
    return field
      ? { field }
      : {
          problem: `table permission "${permission.name}" uses scope "account" but table "${table.name}" declares no account relationship; add one under tables.${table.name}.account, set "relationship" on the permission, or use scope "global"`,
        };
  },
  coverage: ({ table, permission, subject }) => {
    const { accountId, legalEntity } = subject;
    if (accountId === undefined || permission.field === undefined) return null;
    if (table.legalEntity === undefined) return eq(permission.field, accountId);
    // An account is (legal entity, account number): without the contact's legal entity nothing matches (D4).
    return legalEntity === undefined
      ? null
      : and([eq(permission.field, accountId), eq(table.legalEntity, legalEntity)]);
  },
};
