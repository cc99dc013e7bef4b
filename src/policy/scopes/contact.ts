import { and, eq, linked } from '../../base/condition.js';
import { manyToManyNamed, manyToManyRelationship } from '../many-to-many.js';
import { ownAccount } from './account.js';
import { type Coverage, missingAccount, type ScopeDefinition } from './scope.js';
import { withinCoverage } from './within.js';

/** Contact scope: rows whose contact field names the signed-in contact. */
export const contactScope: ScopeDefinition = {
  missing: ({ table, permission, subject, creating }) => {
    if (subject.contactId === undefined) return 'a contact id (they are not a signed-in contact)';
    // A bounded contact scope covers rows of the contact's own company only (D20).
    if (permission.within !== undefined) {
      const bound =
        permission.within === 'account'
          ? missingAccount(table, subject)
          : subject.legalEntity === undefined
            ? 'a legal entity'
            : undefined;
      if (bound !== undefined)
        return `${bound} (its contact scope is bounded within their ${permission.within === 'account' ? 'account' : 'legal entity'})`;
    }
    // A contact-scoped create also places the record in the contact's own account (D6).
    return creating && table.account !== undefined ? missingAccount(table, subject) : undefined;
  },
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
  coverage: ({ table, permission, subject }): Coverage => {
    if (subject.contactId === undefined || permission.field === undefined) return null;
    const own =
      permission.manyToMany === undefined
        ? eq(permission.field, subject.contactId)
        : linked(permission.field, permission.manyToMany, subject.contactId);
    if (permission.within === undefined) return own;
    // The link is data someone else may write; the bound keeps the rows in the contact's company (D20).
    const company = withinCoverage(table, permission.within, subject);
    return company === null ? null : and([own, company]);
  },
  // A new record must name the contact AND, where the table has an account, the contact's own account
  // (D6, RELIABILITY 16): naming yourself must not let you place an order in another company.
  createCoverage: (context) => {
    const own = contactScope.coverage(context);
    const { table, subject } = context;
    // A bound within the account already is the company condition below.
    if (
      own === null ||
      own === true ||
      table.account === undefined ||
      context.permission.within === 'account'
    )
      return own;
    // The table's account relationship may itself be many-to-many: the new record then lists the account.
    const accountLink = manyToManyNamed(table, table.account);
    const company = accountLink
      ? ownAccount(accountLink.field, table, subject, table.account)
      : ownAccount(table.account, table, subject);
    return company === null ? null : and([own, company]);
  },
};
