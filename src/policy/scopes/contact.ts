import { and, eq, linked } from '../../base/condition.js';
import { manyToManyNamed, manyToManyRelationship } from '../many-to-many.js';
import { ownAccount } from './account.js';
import type { ScopeDefinition } from './scope.js';

/** Contact scope: rows whose contact field names the signed-in contact. */
export const contactScope: ScopeDefinition = {
  relationship: ({ table, permission }) => {
    const field = permission.relationship ?? table.contact;
    const manyToMany = manyToManyRelationship(table, permission, field, 'contact');
    if (manyToMany !== undefined) return manyToMany;
    return field
      ? { field }
      : {
          problem: `table permission "${permission.name}" uses scope "contact" but table "${table.name}" declares no contact relationship; add one under tables.${table.name}.contact, set "relationship" on the permission, or use another scope`,
        };
  },
  // No contact id (a visitor) covers nothing: never emit a condition on an absent value (RELIABILITY 2, 3).
  coverage: ({ permission, subject }) =>
    subject.contactId === undefined || permission.field === undefined
      ? null
      : permission.manyToMany === undefined
        ? eq(permission.field, subject.contactId)
        : linked(permission.field, permission.manyToMany, subject.contactId),
  // A new record must name the contact AND, where the table has an account, the contact's own account
  // (D6, RELIABILITY 16): naming yourself must not let you place an order in another company.
  createCoverage: (context) => {
    const own = contactScope.coverage(context);
    const { table, subject } = context;
    if (own === null || own === true || table.account === undefined) return own;
    // The table's account relationship may itself be many-to-many: the new record then lists the account.
    const accountLink = manyToManyNamed(table, table.account);
    const company = accountLink
      ? ownAccount(accountLink.field, table, subject, table.account)
      : ownAccount(table.account, table, subject);
    return company === null ? null : and([own, company]);
  },
};
