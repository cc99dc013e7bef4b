import { eq } from '../../base/condition.js';
import type { ScopeDefinition } from './scope.js';

/** Self scope: the signed-in contact's own row of the contact table. */
export const selfScope: ScopeDefinition = {
  missing: ({ subject }) =>
    subject.contactId === undefined ? 'a contact id (they are not a signed-in contact)' : undefined,
  relationship: ({ table, permission, contactTable }) =>
    table.name === contactTable
      ? {}
      : {
          problem: `table permission "${permission.name}" uses scope "self" on table "${table.name}", but self only applies to the contact table "${contactTable}"; use scope "contact" or set "contactTable" in the policy`,
        },
  coverage: ({ table, subject }) =>
    subject.contactId === undefined ? null : eq(table.key, subject.contactId),
};
