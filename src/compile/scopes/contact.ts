import { eq } from '../condition.js';
import type { ScopeDefinition } from './scope.js';

/** Contact scope: rows whose contact field names the signed-in contact. */
export const contactScope: ScopeDefinition = {
  relationship: ({ table, permission }) => {
    const field = permission.relationship ?? table.contact;
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
      : eq(permission.field, subject.contactId),
};
